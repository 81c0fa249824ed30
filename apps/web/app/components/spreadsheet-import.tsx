import type { ReactNode } from "react";
import { Form, useNavigation } from "@remix-run/react";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { usePolling } from "../lib/use-polling.ts";

/** What an upload refusal says: the import's own message for the code when there is one, else the generic one. */
export function spreadsheetUploadError(code: string): string {
  const key = `import.error.${code}` as TMessageKey;
  return t(key) !== key ? t(key) : t(`error.${code}` as TMessageKey);
}

/** Step 2 of an import page: the refusal (if any) and the file form posting to the page's own action. */
export function SpreadsheetUploadCard(props: { title: string; fileLabel: string; startLabel: string; uploadingLabel: string; refusedCode?: string | undefined }) {
  const busy = useNavigation().state === "submitting";
  return (
    <Card title={props.title}>
      {props.refusedCode ? <p className="yx-alert" role="alert">{spreadsheetUploadError(props.refusedCode)}</p> : null}
      <Form method="post" encType="multipart/form-data" className="yx-inline-form">
        <label>
          {props.fileLabel} <input type="file" name="file" accept=".xlsx,.csv" required />
        </label>
        <button type="submit" className="yx-primary" disabled={busy} style={{ width: "auto" }}>
          {busy ? props.uploadingLabel : props.startLabel}
        </button>
      </Form>
    </Card>
  );
}

/**
 * An import's progress: polls the page while it is queued or running, and shows the bar (rows checked of the
 * total) with whatever the import says under it (`children`).
 */
export function ImportProgressCard(props: { title: string; testId?: string; status: string; checked: number; total: number | null; label: string; children: ReactNode }) {
  const running = props.status === "queued" || props.status === "running";
  usePolling(running);
  const pct = props.total ? Math.min(100, Math.round((props.checked / props.total) * 100)) : props.status === "done" ? 100 : 0;
  return (
    <Card title={props.title} {...(props.testId ? { testId: props.testId } : {})}>
      <progress className="yx-progress" max={100} value={pct} aria-label={props.label} data-testid="import-progress">
        {pct}%
      </progress>
      {props.children}
    </Card>
  );
}

/** The notes an import left (columns ignored, defaults taken), when it left any. */
export function ImportNotesCard(props: { title: string; testId: string; notes: readonly string[] }) {
  if (props.notes.length === 0) return null;
  return (
    <Card title={props.title} testId={props.testId}>
      <ul className="yx-list">
        {props.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </Card>
  );
}
