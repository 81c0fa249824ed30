import { useEffect, useRef, type RefObject } from "react";
import { PlayedRangeTracker } from "@yanxiu/domain/progress";

export type TBeatResult = { ok: true; watchedPercent: number; state: "notStarted" | "inProgress" | "complete"; complete: boolean } | { ok: false; reason: string };

const beatEveryMs = 5000;

/**
 * Tracks the ranges of the video actually played (a jump over 1.5 s between `timeupdate`s is a seek)
 * and posts a heartbeat to /api/progress every 5 s while playing and on pause, end and page hide,
 * with the new ranges and the wall time since the previous beat.
 */
export function useVideoBeats(video: RefObject<HTMLVideoElement | null>, opts: { courseId: string; unitId: string; onResult: (r: TBeatResult) => void }) {
  const onResult = useRef(opts.onResult);
  onResult.current = opts.onResult;
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    const tracker = new PlayedRangeTracker();
    let lastBeatAt = performance.now();
    let timer: ReturnType<typeof setInterval> | undefined;

    const send = (leaving: boolean) => {
      const ranges = tracker.take();
      if (ranges.length === 0) return;
      const now = performance.now();
      const elapsedSeconds = Math.min(3600, Math.round(((now - lastBeatAt) / 1000) * 1000) / 1000);
      lastBeatAt = now;
      const body = JSON.stringify({ courseId: opts.courseId, unitId: opts.unitId, ranges, elapsedSeconds, occurredAt: new Date().toISOString() });
      // keepalive lets the last beat out when the page goes away (and, unlike sendBeacon, sends JSON with the Origin header).
      const req = fetch("/api/progress", { method: "POST", headers: { "content-type": "application/json" }, body, keepalive: leaving, credentials: "same-origin" });
      if (leaving) return;
      req
        .then(async (res) => {
          const json = (await res.json().catch(() => ({}))) as { watchedPercent?: number; state?: string; complete?: boolean; reason?: string };
          if (res.ok) onResult.current({ ok: true, watchedPercent: json.watchedPercent ?? 0, state: (json.state ?? "inProgress") as "inProgress", complete: !!json.complete });
          else onResult.current({ ok: false, reason: json.reason ?? "other" });
        })
        .catch(() => onResult.current({ ok: false, reason: "other" }));
    };

    const onTime = () => {
      if (!el.paused && !el.seeking) tracker.position(el.currentTime);
    };
    const onPlay = () => {
      tracker.position(el.currentTime);
      clearInterval(timer);
      timer = setInterval(() => send(false), beatEveryMs);
    };
    const onStop = () => {
      tracker.position(el.currentTime);
      tracker.interrupt();
      clearInterval(timer);
      send(false);
    };
    const onSeeking = () => tracker.interrupt();
    const onHide = () => send(true);
    const onVisibility = () => {
      if (document.visibilityState === "hidden") send(true);
    };

    // One list for subscribing and unsubscribing, so the two cannot drift apart.
    const listeners: [EventTarget, string, () => void][] = [
      [el, "timeupdate", onTime],
      [el, "play", onPlay],
      [el, "pause", onStop],
      [el, "ended", onStop],
      [el, "seeking", onSeeking],
      [window, "pagehide", onHide],
      [document, "visibilitychange", onVisibility],
    ];
    for (const [target, type, fn] of listeners) target.addEventListener(type, fn);
    return () => {
      clearInterval(timer);
      for (const [target, type, fn] of listeners) target.removeEventListener(type, fn);
      send(true);
    };
  }, [video, opts.courseId, opts.unitId]);
}
