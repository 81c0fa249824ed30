import { Form } from "@remix-run/react";
import { toLocalInput } from "@yanxiu/domain/authoring-form";
import { stageIds } from "@yanxiu/domain/roster";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import type { TActionResult } from "../lib/action-result.server.ts";
import { errorFor } from "../lib/authoring.ts";
import { FileUpload, type TUploadedFile } from "./file-upload.tsx";

export type TFactsDefaults = {
  title: string;
  summary: string;
  coverFileId: string | null;
  stages: string[];
  subjects: string[];
  categoryId: string;
  institutionId: string;
  creditHours: string;
  enrollmentMode: "open" | "assigned";
  enrollOpensAt: string | null;
  enrollClosesAt: string | null;
  studyStartsAt: string | null;
  studyEndsAt: string | null;
};

export type TFactsOptions = { categories: { id: string; name: string }[]; institutions: { id: string; name: string }[]; canAddCategory: boolean };

/** A labelled input with its error right after it (announced with the field through aria-describedby). */
function Field(props: { id: string; label: string; error: string | null; children: (describedBy: string | undefined) => React.ReactNode; wide?: boolean }) {
  const errId = `${props.id}-error`;
  return (
    <div className={props.wide ? "yx-authoring-wide" : undefined}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children(props.error ? errId : undefined)}
      {props.error ? (
        <span id={errId} className="yx-field-error" data-testid={`error-${props.id}`}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

const dateFields = ["enrollOpensAt", "enrollClosesAt", "studyStartsAt", "studyEndsAt"] as const;

/** The catalogue facts of a course: new-course page and editor. `intent` names the form in the action result. */
export function FactsForm(props: {
  intent: string;
  defaults: TFactsDefaults | null;
  options: TFactsOptions;
  result: TActionResult | undefined;
  coverFile: TUploadedFile | null;
  readOnly?: boolean;
  busy: boolean;
  submitLabel: string;
}) {
  const d = props.defaults;
  const err = (name: string) => errorFor(props.result, props.intent, name);
  const formErr = props.result && !props.result.ok && props.result.intent === props.intent && Object.keys(props.result.fieldErrors).length === 0;
  return (
    <>
      <Form method="post" className="yx-authoring-form" data-testid="facts-form" key={JSON.stringify(d)}>
        <input type="hidden" name="intent" value={props.intent} />
        <fieldset disabled={props.readOnly} className="yx-authoring-fieldset">
          <Field id="facts-title" label={t("authoring.facts.name")} error={err("title")} wide>
            {(desc) => <input id="facts-title" name="title" defaultValue={d?.title ?? ""} required maxLength={100} aria-describedby={desc} aria-invalid={desc ? true : undefined} />}
          </Field>
          <Field id="facts-summary" label={t("authoring.facts.summary")} error={err("summary")} wide>
            {(desc) => <textarea id="facts-summary" name="summary" defaultValue={d?.summary ?? ""} rows={4} maxLength={4000} aria-describedby={desc} />}
          </Field>
          <div className="yx-authoring-wide">
            <FileUpload purpose="courseCover" name="coverFileId" label={t("authoring.facts.cover")} defaultFile={props.coverFile} />
            {err("coverFileId") ? <span className="yx-field-error">{err("coverFileId")}</span> : null}
          </div>
          <fieldset className="yx-authoring-wide">
            <legend>{t("authoring.facts.stages")}</legend>
            {stageIds.map((s) => (
              <label key={s} className="yx-check">
                <input type="checkbox" name="stages[]" value={s} defaultChecked={d?.stages.includes(s) ?? false} /> {t(`stage.${s}` as TMessageKey)}
              </label>
            ))}
            {err("stages") ? <span className="yx-field-error">{err("stages")}</span> : null}
          </fieldset>
          <Field id="facts-subjects" label={t("authoring.facts.subjects")} error={err("subjects")}>
            {(desc) => <input id="facts-subjects" name="subjects" defaultValue={d?.subjects.join("，") ?? ""} aria-describedby={desc} />}
          </Field>
          <Field id="facts-category" label={t("authoring.facts.category")} error={err("categoryId")}>
            {(desc) => (
              <select id="facts-category" name="categoryId" defaultValue={d?.categoryId ?? ""} required aria-describedby={desc}>
                <option value="">{t("authoring.facts.choose")}</option>
                {props.options.categories.map((c) => (
                  <option key={c.id} value={c.id}>{c.name}</option>
                ))}
              </select>
            )}
          </Field>
          <Field id="facts-institution" label={t("authoring.facts.institution")} error={err("institutionId")}>
            {(desc) => (
              <select id="facts-institution" name="institutionId" defaultValue={d?.institutionId ?? ""} required aria-describedby={desc}>
                <option value="">{t("authoring.facts.choose")}</option>
                {props.options.institutions.map((c) => (
                  <option key={c.id} value={c.id}>{c.name}</option>
                ))}
              </select>
            )}
          </Field>
          <Field id="facts-hours" label={t("authoring.facts.creditHours")} error={err("creditHours")}>
            {(desc) => (
              <>
                <input id="facts-hours" name="creditHours" type="number" min={0} max={500} step={0.5} defaultValue={d?.creditHours ?? ""} required aria-describedby={[desc, "facts-hours-hint"].filter(Boolean).join(" ")} />
                <span id="facts-hours-hint" className="yx-muted">{t("authoring.facts.creditHoursHint")}</span>
              </>
            )}
          </Field>
          <Field id="facts-mode" label={t("authoring.facts.enrollmentMode")} error={err("enrollmentMode")}>
            {(desc) => (
              <select id="facts-mode" name="enrollmentMode" defaultValue={d?.enrollmentMode ?? "open"} aria-describedby={desc}>
                <option value="open">{t("authoring.facts.mode.open")}</option>
                <option value="assigned">{t("authoring.facts.mode.assigned")}</option>
              </select>
            )}
          </Field>
          {dateFields.map((f) => (
            <Field key={f} id={`facts-${f}`} label={t(`authoring.facts.${f}` as TMessageKey)} error={err(f)}>
              {(desc) => <input id={`facts-${f}`} name={f} type="datetime-local" defaultValue={toLocalInput(d?.[f] ?? null)} aria-describedby={desc} />}
            </Field>
          ))}
          {formErr ? <p className="yx-alert yx-authoring-wide" role="alert">{t("authoring.field.invalid")}</p> : null}
          {props.readOnly ? null : (
            <div className="yx-authoring-wide">
              <button type="submit" className="yx-primary yx-authoring-submit" disabled={props.busy} data-testid="facts-submit">
                {props.submitLabel}
              </button>
            </div>
          )}
        </fieldset>
      </Form>
      {props.options.canAddCategory && !props.readOnly ? (
        <Form method="post" className="yx-inline-form" data-testid="add-category-form">
          <input type="hidden" name="intent" value="addCategory" />
          <label>
            {t("authoring.category.name")} <input name="name" required maxLength={20} />
          </label>
          <button type="submit" disabled={props.busy}>{t("authoring.category.add")}</button>
          {errorFor(props.result, "addCategory", "name") ? <span className="yx-field-error">{errorFor(props.result, "addCategory", "name")}</span> : null}
        </Form>
      ) : null}
    </>
  );
}
