import { useEffect, useRef, useState, type ReactNode } from "react";
import { t } from "@yanxiu/ui/i18n";

type TPdfDoc = { numPages: number; getPage(n: number): Promise<TPdfPage> };
type TPdfPage = {
  getViewport(o: { scale: number }): { width: number; height: number };
  render(o: { canvas: HTMLCanvasElement; viewport: { width: number; height: number } }): { promise: Promise<void>; cancel(): void };
};

/**
 * One page of the room's slides (a PDF) drawn with pdf.js in the browser only; the document is opened once
 * per file and each page change only redraws. `data-page` is the page drawn once `data-status` is ready,
 * so a test (or a screen reader through the label) knows which page is on screen. `overlay` (the
 * whiteboard) is laid exactly over the drawn page, once it is drawn. `fit` (the room's stage) draws the
 * page as large as fits the box's width and height; otherwise it takes the box's width.
 */
export function SlideViewer(props: { fileId: string; page: number; onPageCount?: (n: number) => void; overlay?: ReactNode; fit?: boolean }) {
  const { fileId, page, fit } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [doc, setDoc] = useState<TPdfDoc | null>(null);
  const [status, setStatus] = useState<"loading" | "ready" | "failed">("loading");
  const [drawn, setDrawn] = useState<number | null>(null);
  const onPageCount = useRef(props.onPageCount);
  onPageCount.current = props.onPageCount;

  useEffect(() => {
    let cancelled = false;
    // The loading task owns the document and its worker: destroying it releases both.
    let destroy: (() => void) | undefined;
    setDoc(null);
    setStatus("loading");
    (async () => {
      const [pdfjs, worker] = await Promise.all([import("pdfjs-dist"), import("pdfjs-dist/build/pdf.worker.min.mjs?url")]);
      if (cancelled) return;
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      const task = pdfjs.getDocument({ url: `/files/${fileId}`, withCredentials: true });
      destroy = () => void task.destroy();
      const d = (await task.promise) as unknown as TPdfDoc;
      if (cancelled) return;
      onPageCount.current?.(d.numPages);
      setDoc(d);
    })().catch(() => {
      if (!cancelled) setStatus("failed");
    });
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [fileId]);

  useEffect(() => {
    if (!doc || !canvas.current) return;
    let cancelled = false;
    let task: { cancel(): void } | null = null;
    const target = Math.min(Math.max(1, page), doc.numPages);
    setStatus("loading");
    (async () => {
      const p = await doc.getPage(target);
      if (cancelled || !canvas.current) return;
      const width = Math.max(320, box.current?.clientWidth || 800);
      const height = fit ? box.current?.clientHeight || 0 : 0;
      const base = p.getViewport({ scale: 1 });
      const ratio = window.devicePixelRatio || 1;
      const scale = height > 0 ? Math.min(width / base.width, Math.max(200, height) / base.height) : width / base.width;
      const viewport = p.getViewport({ scale: scale * ratio });
      const c = canvas.current;
      c.width = Math.floor(viewport.width);
      c.height = Math.floor(viewport.height);
      c.style.width = `${Math.floor(viewport.width / ratio)}px`;
      const r = p.render({ canvas: c, viewport });
      task = r;
      await r.promise;
      if (cancelled) return;
      setDrawn(target);
      setStatus("ready");
    })().catch(() => {
      if (!cancelled) setStatus("failed");
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, page, fit]);

  return (
    <div ref={box} className="yx-live-slide" data-testid="slide-page" data-status={status} data-page={drawn ?? ""}>
      {status === "loading" ? <p className="yx-muted">{t("live.slides.loading")}</p> : null}
      {status === "failed" ? (
        <p className="yx-alert" role="alert">
          {t("live.slides.failed")}
        </p>
      ) : null}
      <div className="yx-live-slide-stack">
        <canvas ref={canvas} role="img" aria-label={t("live.slides.page", { page: drawn ?? page })} className="yx-learning-pdf-page" />
        {props.overlay && status === "ready" ? props.overlay : null}
      </div>
    </div>
  );
}
