import type { TFilePurpose } from "@yanxiu/domain/courses";

/** The uploaded file as the server describes it. */
export type TUploadedFile = { id: string; mime: string; size: number; originalName: string; durationSeconds: number | null };

/**
 * A file picker that streams the chosen file to `/api/files?purpose=…` with a progress bar and puts the
 * stored file's id into a hidden input named `name` (STUB: the media work replaces this body).
 */
export function FileUpload(props: { purpose: TFilePurpose; name: string; label: string; defaultFile?: TUploadedFile | null; onUploaded?: (f: TUploadedFile) => void }) {
  return <input type="hidden" name={props.name} defaultValue={props.defaultFile?.id ?? ""} aria-label={props.label} />;
}
