import { useEffect, useRef, useState } from "react";
import { t } from "@yanxiu/ui/i18n";

/**
 * Renders a PDF page by page onto canvases with pdf.js, in the browser only (the module and its worker
 * load inside the effect, so the server never touches them). Calls `onLoaded` once the document opened.
 */
export function PdfViewer(props: { src: string; onLoaded?: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<"loading" | "ready" | "failed">("loading");
  const onLoaded = useRef(props.onLoaded);
  onLoaded.current = props.onLoaded;

  useEffect(() => {
    let cancelled = false;
    const container = box.current;
    if (!container) return;
    container.replaceChildren();
    setStatus("loading");
    let destroy: (() => void) | undefined;
    (async () => {
      const [pdfjs, worker] = await Promise.all([import("pdfjs-dist"), import("pdfjs-dist/build/pdf.worker.min.mjs?url")]);
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      const task = pdfjs.getDocument({ url: props.src, withCredentials: true });
      destroy = () => void task.destroy();
      const doc = await task.promise;
      if (cancelled) return;
      setStatus("ready");
      onLoaded.current?.();
      const width = Math.max(320, container.clientWidth || 800);
      for (let n = 1; n <= doc.numPages && !cancelled; n++) {
        const page = await doc.getPage(n);
        const base = page.getViewport({ scale: 1 });
        const scale = width / base.width;
        const ratio = window.devicePixelRatio || 1;
        const viewport = page.getViewport({ scale: scale * ratio });
        const canvas = document.createElement("canvas");
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
        canvas.setAttribute("aria-label", t("learning.document.page", { page: n }));
        canvas.className = "yx-learning-pdf-page";
        container.append(canvas);
        await page.render({ canvas, viewport }).promise;
      }
    })().catch(() => {
      if (!cancelled) setStatus("failed");
    });
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [props.src]);

  return (
    <div className="yx-learning-pdf" data-testid="pdf-viewer" data-status={status}>
      {status === "loading" ? <p className="yx-muted">{t("learning.document.loading")}</p> : null}
      {status === "failed" ? (
        <p className="yx-alert" role="alert">
          {t("learning.document.failed")}
        </p>
      ) : null}
      <div ref={box} className="yx-learning-pdf-pages" />
      <p>
        <a href={props.src} download>
          {t("learning.document.download")}
        </a>
      </p>
    </div>
  );
}
