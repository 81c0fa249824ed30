import { useEffect, useId, useRef, useState } from "react";
import { filePolicy, type TFilePurpose } from "@yanxiu/domain/courses";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";

/** The uploaded file as the server describes it. */
export type TUploadedFile = { id: string; mime: string; size: number; originalName: string; durationSeconds: number | null };

/** 245 s → "4:05"; an hour or more → "1:02:03". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

function isUploadedFile(v: unknown): v is TUploadedFile {
  return typeof v === "object" && v !== null && typeof (v as TUploadedFile).id === "string" && typeof (v as TUploadedFile).originalName === "string";
}

function errorText(body: unknown): string {
  const m = typeof body === "object" && body !== null ? (body as { message?: unknown }).message : undefined;
  return typeof m === "string" && m ? m : t("error.internal");
}

/**
 * A file picker that streams the chosen file to `/api/files?purpose=…` (raw body, name in `X-File-Name`)
 * with a progress bar, and puts the stored file's id into a hidden input named `name`. XMLHttpRequest
 * rather than fetch because only it reports upload progress. The server decides the type from the bytes;
 * the `accept` list and the size check here only spare people a pointless upload.
 */
export function FileUpload(props: { purpose: TFilePurpose; name: string; label: string; defaultFile?: TUploadedFile | null; onUploaded?: (f: TUploadedFile) => void }) {
  const { purpose, name, label, onUploaded } = props;
  const inputId = useId();
  const hintId = `${inputId}-hint`;
  const [file, setFile] = useState<TUploadedFile | null>(props.defaultFile ?? null);
  const [uploading, setUploading] = useState<{ name: string; percent: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const xhrRef = useRef<XMLHttpRequest | null>(null);

  // Leaving the page (or re-rendering without this field) stops an upload in flight.
  useEffect(() => () => xhrRef.current?.abort(), []);

  function upload(chosen: File) {
    setError(null);
    if (chosen.size > filePolicy[purpose].maxBytes) {
      setError(t("error.fileTooLarge"));
      return;
    }
    xhrRef.current?.abort();
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    xhr.open("POST", `/api/files?purpose=${encodeURIComponent(purpose)}`);
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(chosen.name));
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setUploading({ name: chosen.name, percent: Math.min(100, Math.round((e.loaded / e.total) * 100)) });
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      setUploading(null);
      xhrRef.current = null;
      if (xhr.status >= 200 && xhr.status < 300 && isUploadedFile(body)) {
        setFile(body);
        onUploaded?.(body);
      } else {
        setError(errorText(body));
      }
    };
    xhr.onerror = () => {
      setUploading(null);
      xhrRef.current = null;
      setError(t("media.upload.network"));
    };
    setUploading({ name: chosen.name, percent: 0 });
    xhr.send(chosen);
  }

  const status = uploading
    ? t("media.upload.uploading", { name: uploading.name })
    : file
      ? [t("media.upload.done", { name: file.originalName }), file.durationSeconds != null ? t("media.upload.duration", { duration: formatDuration(file.durationSeconds) }) : null]
          .filter(Boolean)
          .join("，")
      : "";

  return (
    <div className="yx-field yx-media-upload">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="file"
        accept={filePolicy[purpose].types.join(",")}
        aria-describedby={hintId}
        aria-invalid={error ? true : undefined}
        disabled={uploading !== null}
        onChange={(e) => {
          const chosen = e.currentTarget.files?.[0];
          if (chosen) upload(chosen);
          // The same file may be chosen again after a refusal.
          e.currentTarget.value = "";
        }}
      />
      <span id={hintId} className="yx-muted yx-media-hint">
        {t(`media.upload.hint.${purpose}` as TMessageKey)}
      </span>
      {uploading ? (
        <div className="yx-media-progress">
          <progress className="yx-progress" max={100} value={uploading.percent} aria-label={label} />
          <span>{t("media.upload.percent", { percent: uploading.percent })}</span>
        </div>
      ) : null}
      <span role="status" aria-live="polite" className="yx-media-status">
        {status}
      </span>
      {error ? (
        <span role="alert" className="yx-field-error">
          {t("media.upload.failed", { message: error })}
        </span>
      ) : null}
      <input type="hidden" name={name} value={file?.id ?? ""} />
    </div>
  );
}
