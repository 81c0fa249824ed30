import { Form } from "@remix-run/react";
import type { TUnitKind } from "@yanxiu/domain/completion";
import { toLocalInput } from "@yanxiu/domain/authoring-form";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import type { TActionResult } from "../lib/action-result.server.ts";
import { errorFor, errorsUnder } from "../lib/authoring.ts";
import { QuizEditor, type TQuestionDraft } from "./authoring-quiz-editor.tsx";
import { FileUpload, type TUploadedFile } from "./file-upload.tsx";

export type TUnitDefaults = {
  title: string;
  creditHours: string;
  required: boolean;
  criterion: Record<string, unknown>;
  config: Record<string, unknown>;
};

type TField = { name: string; type: "number" | "datetime-local" | "text" | "textarea"; label: TMessageKey; from: "config" | "criterion"; min?: number; max?: number; step?: number; fallback?: string };

/** The fields each kind adds to title, 学时 and required (files and quiz questions are special). */
const fieldsByKind: Record<TUnitKind, TField[]> = {
  video: [{ name: "minWatchedPercent", type: "number", label: "authoring.unit.minWatchedPercent", from: "criterion", min: 1, max: 100, fallback: "90" }],
  document: [],
  quiz: [
    { name: "passPercent", type: "number", label: "authoring.unit.passPercent", from: "criterion", min: 0, max: 100, fallback: "60" },
    { name: "attemptLimit", type: "number", label: "authoring.unit.attemptLimit", from: "config", min: 1, max: 20, fallback: "3" },
  ],
  assignment: [{ name: "instructions", type: "textarea", label: "authoring.unit.instructions", from: "config" }],
  liveSession: [
    { name: "startsAt", type: "datetime-local", label: "authoring.unit.startsAt", from: "config" },
    { name: "durationMinutes", type: "number", label: "authoring.unit.durationMinutes", from: "config", min: 1, max: 1440, fallback: "60" },
    { name: "minMinutes", type: "number", label: "authoring.unit.minMinutes", from: "criterion", min: 1, max: 1440, fallback: "30" },
  ],
  offlineSession: [
    { name: "startsAt", type: "datetime-local", label: "authoring.unit.startsAt", from: "config" },
    { name: "endsAt", type: "datetime-local", label: "authoring.unit.endsAt", from: "config" },
    { name: "place", type: "text", label: "authoring.unit.place", from: "config" },
    { name: "checkInOpensAt", type: "datetime-local", label: "authoring.unit.checkInOpensAt", from: "config" },
    { name: "checkInClosesAt", type: "datetime-local", label: "authoring.unit.checkInClosesAt", from: "config" },
    { name: "lateAfter", type: "datetime-local", label: "authoring.unit.lateAfter", from: "config" },
  ],
  discussion: [
    { name: "prompt", type: "textarea", label: "authoring.unit.prompt", from: "config" },
    { name: "minPosts", type: "number", label: "authoring.unit.minPosts", from: "criterion", min: 1, max: 100, fallback: "1" },
  ],
};

function defaultOf(f: TField, d: TUnitDefaults | null): string {
  const v = d ? (f.from === "config" ? d.config[f.name] : d.criterion[f.name]) : undefined;
  if (v === undefined || v === null) return f.fallback ?? "";
  return f.type === "datetime-local" ? toLocalInput(String(v)) : String(v);
}

/**
 * One unit's form, for adding (`sectionId`) or editing (`unitId`). `formKey` tells this form's result
 * apart from the other unit forms on the page, so errors appear next to the right fields.
 */
export function UnitForm(props: {
  kind: TUnitKind;
  formKey: string;
  sectionId?: string;
  unitId?: string;
  defaults: TUnitDefaults | null;
  file: TUploadedFile | null;
  result: TActionResult | undefined;
  busy: boolean;
  onCancel?: () => void;
}) {
  const { kind, formKey, defaults: d } = props;
  const id = (name: string) => `${formKey.replace(/[^a-zA-Z0-9-]/g, "-")}-${name}`;
  const err = (name: string, ...more: string[]) => errorFor(props.result, formKey, name, ...more);
  const formError = props.result && !props.result.ok && props.result.intent === formKey && Object.keys(props.result.fieldErrors).length === 0;
  const input = (name: string, label: string, control: (describedBy: string | undefined) => React.ReactNode, error: string | null) => (
    <div className="yx-authoring-field">
      <label htmlFor={id(name)}>{label}</label>
      {control(error ? id(`${name}-error`) : undefined)}
      {error ? (
        <span id={id(`${name}-error`)} className="yx-field-error" data-testid={`unit-error-${name}`}>
          {error}
        </span>
      ) : null}
    </div>
  );

  return (
    <Form method="post" className="yx-authoring-form yx-authoring-unit-form" data-testid={`unit-form-${kind}`} aria-label={t(`authoring.kind.${kind}` as TMessageKey)}>
      <input type="hidden" name="intent" value={props.unitId ? "updateUnit" : "addUnit"} />
      <input type="hidden" name="formKey" value={formKey} />
      <input type="hidden" name="kind" value={kind} />
      {props.sectionId ? <input type="hidden" name="sectionId" value={props.sectionId} /> : null}
      {props.unitId ? <input type="hidden" name="unitId" value={props.unitId} /> : null}
      {input("title", t("authoring.unit.title"), (desc) => <input id={id("title")} name="title" defaultValue={d?.title ?? ""} required maxLength={100} aria-describedby={desc} data-testid="unit-title" />, err("title"))}
      {input(
        "creditHours",
        t("authoring.unit.creditHours"),
        (desc) => <input id={id("creditHours")} name="creditHours" type="number" min={0} max={500} step={0.5} defaultValue={d?.creditHours ?? "1"} required aria-describedby={desc} data-testid="unit-hours" />,
        err("creditHours"),
      )}
      <div className="yx-authoring-field">
        <label className="yx-check">
          <input type="checkbox" name="required" defaultChecked={d?.required ?? true} /> {t("authoring.unit.required")}
        </label>
      </div>
      {kind === "video" || kind === "document" ? (
        <div className="yx-authoring-wide">
          <FileUpload
            purpose={kind === "video" ? "courseVideo" : "courseDocument"}
            name="fileId"
            label={t(kind === "video" ? "authoring.unit.videoFile" : "authoring.unit.documentFile")}
            defaultFile={props.file}
          />
          {err("config.fileId", "config") ? (
            <span className="yx-field-error" data-testid="unit-error-fileId">
              {err("config.fileId", "config")}
            </span>
          ) : null}
        </div>
      ) : null}
      {fieldsByKind[kind].map((f) =>
        input(
          f.name,
          t(f.label),
          (desc) =>
            f.type === "textarea" ? (
              <textarea id={id(f.name)} name={f.name} defaultValue={defaultOf(f, d)} rows={3} required aria-describedby={desc} data-testid={`unit-${f.name}`} />
            ) : (
              <input
                id={id(f.name)}
                name={f.name}
                type={f.type}
                min={f.min}
                max={f.max}
                step={f.step}
                defaultValue={defaultOf(f, d)}
                required
                aria-describedby={desc}
                data-testid={`unit-${f.name}`}
              />
            ),
          err(`${f.from}.${f.name}`),
        ),
      )}
      {kind === "quiz" ? (
        <>
          <div className="yx-authoring-field">
            <label className="yx-check">
              <input type="checkbox" name="shuffle" defaultChecked={(d?.config.shuffle as boolean | undefined) ?? true} /> {t("authoring.unit.shuffle")}
            </label>
          </div>
          <QuizEditor idPrefix={id("quiz")} defaultQuestions={(d?.config.questions as TQuestionDraft[] | undefined) ?? []} errors={errorsUnder(props.result, formKey, "config.questions")} />
        </>
      ) : null}
      {err("criterion", "kind", "form") ? <p className="yx-alert yx-authoring-wide" role="alert">{err("criterion", "kind", "form")}</p> : null}
      {formError ? <p className="yx-alert yx-authoring-wide" role="alert">{t("authoring.field.invalid")}</p> : null}
      <div className="yx-authoring-wide yx-authoring-row">
        <button type="submit" className="yx-authoring-primary" disabled={props.busy} data-testid="unit-submit">
          {props.unitId ? t("authoring.editor.saveUnit") : t("authoring.editor.createUnit")}
        </button>
        {props.onCancel ? (
          <button type="button" onClick={props.onCancel}>
            {t("authoring.editor.cancel")}
          </button>
        ) : null}
      </div>
    </Form>
  );
}
