import { useRevalidator } from "@remix-run/react";
import { useRef, useState } from "react";
import { t } from "@yanxiu/ui/i18n";
import { useVideoBeats, type TBeatResult } from "../../lib/use-video-beats.ts";

const reasons = ["beyondDuration", "inFuture", "fasterThanRealTime", "studyClosed"] as const;

/** The video unit: the player, what has been watched, and the heartbeats that record it. */
export function VideoUnit(props: { courseId: string; unitId: string; fileId: string; watchedPercent: number; minWatchedPercent: number; complete: boolean }) {
  const ref = useRef<HTMLVideoElement>(null);
  const revalidator = useRevalidator();
  const [watched, setWatched] = useState(props.watchedPercent);
  const [refused, setRefused] = useState<string | null>(null);
  const complete = useRef(props.complete);
  complete.current = props.complete;
  useVideoBeats(ref, {
    courseId: props.courseId,
    unitId: props.unitId,
    onResult: (r: TBeatResult) => {
      if (!r.ok) {
        setRefused((reasons as readonly string[]).includes(r.reason) ? r.reason : "other");
        return;
      }
      setRefused(null);
      setWatched((w) => Math.max(w, r.watchedPercent));
      // The outline and course progress come from the loader: refresh them once the unit completes.
      if (r.complete && !complete.current) {
        complete.current = true;
        revalidator.revalidate();
      }
    },
  });
  return (
    <div className="yx-learning-video">
      <video ref={ref} controls preload="metadata" src={`/files/${props.fileId}`} data-testid="unit-video" className="yx-learning-video-el">
        {t("learning.video.unsupported")}
      </video>
      <p data-testid="watched-percent" data-percent={watched}>
        {t("learning.video.watched", { percent: watched, min: props.minWatchedPercent })}
      </p>
      {refused ? (
        <p className="yx-warning" role="status">
          {t("learning.video.refused", { reason: t(`learning.video.reason.${refused as (typeof reasons)[number] | "other"}`) })}
        </p>
      ) : null}
    </div>
  );
}
