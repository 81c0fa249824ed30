import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type ReactNode } from "react";
import { liveLimits, mayLive, type TLiveRoomState, type TStroke } from "@yanxiu/domain/live";
import { t } from "@yanxiu/ui/i18n";
import type { TBoardView } from "./board-state.ts";
import type { TLiveRoom } from "./use-live-room.ts";
import { ConfirmButton } from "../confirm-button.tsx";

type TRun = (event: Parameters<TLiveRoom["emit"]>[0], payload: object) => Promise<Record<string, unknown> | null>;
/** What a stroke needs to be drawn: points are x, y pairs in 0..1 of the page; width in thousandths of the page's width. */
export type TStrokeShape = Pick<TStroke, "id" | "points" | "color" | "width">;

export const boardColors = [
  { name: "black", value: "#1f2937" },
  { name: "red", value: "#dc2626" },
  { name: "blue", value: "#2563eb" },
  { name: "green", value: "#16a34a" },
] as const;
export const boardWidths = [
  { name: "thin", value: 2 },
  { name: "medium", value: 5 },
  { name: "thick", value: 10 },
] as const;

/** A point closer than this (in page units) to the last one adds nothing a person can see. */
const minStep = 0.0015;
const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000;

function newId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function pathOf(points: readonly number[], w: number, h: number): string {
  let d = "";
  for (let i = 0; i + 1 < points.length; i += 2) d += `${i === 0 ? "M" : " L"}${(points[i]! * w).toFixed(1)} ${(points[i + 1]! * h).toFixed(1)}`;
  // One point: a dot (a zero-length line with round caps).
  return points.length === 2 ? `${d} L${(points[0]! * w).toFixed(1)} ${(points[1]! * h).toFixed(1)}` : d;
}

/**
 * The element's size in CSS pixels, kept current. A callback ref, because the board's element comes and
 * goes (the slide viewer shows it only over a drawn page) while the component stays.
 */
function useSize<T extends Element>(): [(el: T | null) => void, { w: number; h: number }] {
  const [size, setSize] = useState({ w: 0, h: 0 });
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      setSize((s) => (s.w === r.width && s.h === r.height ? s : { w: r.width, h: r.height }));
    };
    measure();
    observer.current = new ResizeObserver(measure);
    observer.current.observe(el);
  }, []);
  useEffect(() => () => observer.current?.disconnect(), []);
  return [ref, size];
}

function StrokePath(props: { stroke: TStrokeShape; w: number; h: number; testId: string; author?: string }) {
  const { stroke, w, h } = props;
  return (
    <path
      d={pathOf(stroke.points, w, h)}
      stroke={stroke.color}
      strokeWidth={Math.max(0.5, (stroke.width * w) / 1000)}
      fill="none"
      strokeLinecap="round"
      strokeLinejoin="round"
      data-testid={props.testId}
      data-id={stroke.id}
      data-author={props.author}
    />
  );
}

/** Strokes drawn over a page, read-only (the session record). Fills its positioned parent. */
export function BoardStrokes(props: { strokes: readonly TStroke[]; label: string }) {
  const [ref, { w, h }] = useSize<SVGSVGElement>();
  return (
    <svg ref={ref} className="yx-board-svg" role="img" aria-label={props.label} viewBox={`0 0 ${w || 1} ${h || 1}`} data-testid="record-board-svg">
      {w > 0 ? props.strokes.map((s) => <StrokePath key={s.id} stroke={s} w={w} h={h} testId="record-board-stroke" author={s.authorId} />) : null}
    </svg>
  );
}

/** A white page of the slides' usual shape, for a board without slides (and for their pages in the record). */
export function PlainPage({ children }: { children: ReactNode }) {
  return (
    <div className="yx-board-plain" data-testid="board-plain">
      {children}
    </div>
  );
}

/**
 * The live room's whiteboard: an SVG over the page on screen (the synced slide page, or a plain white
 * page), the pen's colours and widths, undo and clear. A stroke is sent when the pen lifts, with an id made
 * here (the server stores it once however often it is sent); everyone's strokes arrive through the room
 * state (board-state.ts). `under` draws the slide page and puts the board over it.
 */
export function Whiteboard(props: { room: TLiveRoomState; run: TRun; under?: (overlay: ReactNode) => ReactNode }) {
  const { room, run } = props;
  const me = room.me;
  const page = room.slide.page;
  const board = room.board as TBoardView;
  const open = room.session.status !== "ended";
  const mayDraw = open && mayLive(me.role, "board.draw");
  const mayUndoAny = open && mayLive(me.role, "board.undoAny");
  const mayClear = open && mayLive(me.role, "board.clear");
  const [color, setColor] = useState<string>(boardColors[0].value);
  const [width, setWidth] = useState<number>(boardWidths[1].value);
  const [drawing, setDrawing] = useState<number[] | null>(null);
  const [pending, setPending] = useState<TStroke[]>([]);
  const [busy, setBusy] = useState(false);
  const pointer = useRef<{ id: number; points: number[] } | null>(null);
  const [ref, { w, h }] = useSize<SVGSVGElement>();

  const here = board.page === page;
  const strokes = here ? board.strokes : [];
  const known = new Set(strokes.map((s) => s.id));
  const waiting = pending.filter((p) => p.page === page && !known.has(p.id));
  const mine = strokes.filter((s) => s.authorId === me.userId);
  const myLast = mine[mine.length - 1];
  const last = strokes[strokes.length - 1];

  const send = async (points: number[]) => {
    const stroke: TStroke = { id: newId(), page, authorId: me.userId, points, color, width, createdAt: new Date().toISOString() };
    setPending((xs) => [...xs, stroke]);
    await run("stroke:add", { strokeId: stroke.id, page, points, color, width });
    // Stored (its broadcast has drawn it, it came before the ack) or refused (the room shows why).
    setPending((xs) => xs.filter((x) => x.id !== stroke.id));
  };

  const pointAt = (e: ReactPointerEvent<SVGSVGElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [round((e.clientX - r.left) / r.width), round((e.clientY - r.top) / r.height)];
  };
  const onDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (!mayDraw || pointer.current || (e.pointerType === "mouse" && e.button !== 0)) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    pointer.current = { id: e.pointerId, points: pointAt(e) };
    setDrawing(pointer.current.points);
  };
  const onMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    const p = pointer.current;
    if (!p || p.id !== e.pointerId) return;
    const events = typeof e.nativeEvent.getCoalescedEvents === "function" ? e.nativeEvent.getCoalescedEvents() : [];
    const r = e.currentTarget.getBoundingClientRect();
    for (const ev of events.length ? events : [e.nativeEvent]) {
      const x = round((ev.clientX - r.left) / r.width);
      const y = round((ev.clientY - r.top) / r.height);
      const n = p.points.length;
      if (Math.hypot(x - p.points[n - 2]!, y - p.points[n - 1]!) < minStep) continue;
      p.points.push(x, y);
      if (p.points.length >= liveLimits.strokeMaxPoints * 2) {
        // A very long stroke goes as several, each within the limit, joined end to start.
        void send(p.points);
        p.points = [x, y];
      }
    }
    setDrawing([...p.points]);
  };
  const onUp = (e: ReactPointerEvent<SVGSVGElement>) => {
    const p = pointer.current;
    if (!p || p.id !== e.pointerId) return;
    pointer.current = null;
    setDrawing(null);
    if (e.type === "pointercancel" && p.points.length < 4) return;
    void send(p.points);
  };

  const undo = async (strokeId: string | undefined) => {
    if (!strokeId || busy) return;
    setBusy(true);
    await run("stroke:undo", { strokeId });
    setBusy(false);
  };
  // Ctrl/Cmd+Z anywhere but in a text field (where it undoes typing) takes back one's own last stroke.
  const undoMine = useRef<() => void>(() => undefined);
  undoMine.current = () => void undo(myLast?.id);
  useEffect(() => {
    if (!mayDraw) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== "z" || !(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
      e.preventDefault();
      undoMine.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [mayDraw]);

  const label = t(mayDraw ? "live.board.surfaceDraw" : "live.board.surface", { page, count: strokes.length });
  const surface = (
    <svg
      ref={ref}
      className={`yx-board-svg${mayDraw ? " yx-board-svg-draw" : ""}`}
      role="img"
      aria-label={label}
      viewBox={`0 0 ${w || 1} ${h || 1}`}
      data-testid="board"
      data-page={page}
      data-loaded={here && board.loaded !== false ? "true" : "false"}
      data-count={strokes.length}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={onUp}
    >
      {w > 0 ? (
        <>
          {strokes.map((s) => (
            <StrokePath key={s.id} stroke={s} w={w} h={h} testId="board-stroke" author={s.authorId} />
          ))}
          {waiting.map((s) => (
            <StrokePath key={s.id} stroke={s} w={w} h={h} testId="board-stroke-pending" />
          ))}
          {drawing ? <StrokePath stroke={{ id: "drawing", points: drawing, color, width }} w={w} h={h} testId="board-stroke-drawing" /> : null}
        </>
      ) : null}
    </svg>
  );

  return (
    <div className="yx-board" data-testid="whiteboard">
      <div className="yx-board-page">{props.under ? props.under(surface) : <PlainPage>{surface}</PlainPage>}</div>
      {here && board.loaded === false ? <p className="yx-muted">{t("live.board.loading")}</p> : null}
      {mayDraw ? (
        <div className="yx-board-tools" role="toolbar" aria-label={t("live.board.tools")} data-testid="board-tools">
          <span role="group" aria-label={t("live.board.colors")} className="yx-board-group">
            {boardColors.map((c) => {
              const name = t(`live.board.color.${c.name}`);
              return (
                <button
                  key={c.value}
                  type="button"
                  className="yx-board-swatch"
                  style={{ background: c.value }}
                  aria-label={t("live.board.pickColor", { color: name })}
                  aria-pressed={color === c.value}
                  title={name}
                  onClick={() => setColor(c.value)}
                  data-testid="board-color"
                  data-color={c.value}
                />
              );
            })}
          </span>
          <span role="group" aria-label={t("live.board.widths")} className="yx-board-group">
            {boardWidths.map((x) => {
              const name = t(`live.board.width.${x.name}`);
              return (
                <button
                  key={x.value}
                  type="button"
                  aria-label={t("live.board.pickWidth", { width: name })}
                  aria-pressed={width === x.value}
                  onClick={() => setWidth(x.value)}
                  data-testid="board-width"
                >
                  {name}
                </button>
              );
            })}
          </span>
          <span className="yx-board-group">
            <button type="button" aria-label={t("live.board.undoLabel")} title={t("live.board.undoLabel")} disabled={!myLast || busy} onClick={() => void undo(myLast?.id)} data-testid="board-undo">
              {t("live.board.undo")}
            </button>
            {mayUndoAny ? (
              <button type="button" aria-label={t("live.board.undoAnyLabel")} disabled={!last || busy} onClick={() => void undo(last?.id)} data-testid="board-undo-any">
                {t("live.board.undoAny")}
              </button>
            ) : null}
            {mayClear ? (
              <ConfirmButton
                className="yx-danger"
                aria-label={t("live.board.clearLabel", { page })}
                disabled={busy || strokes.length === 0}
                data-testid="board-clear"
                confirm={t("live.board.confirmClear", { page })}
                onConfirm={() => {
                  setBusy(true);
                  void run("board:clear", { page }).finally(() => setBusy(false));
                }}
              >
                {t("live.board.clear")}
              </ConfirmButton>
            ) : null}
          </span>
          <span className="yx-muted" aria-live="polite" data-testid="board-count">
            {t("live.board.count", { count: strokes.length })}
          </span>
        </div>
      ) : null}
      {mayDraw ? <p className="yx-muted yx-board-hint">{t("live.board.hint")}</p> : null}
    </div>
  );
}
