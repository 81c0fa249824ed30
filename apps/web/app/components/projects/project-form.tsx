import { useState } from "react";
import { Form } from "@remix-run/react";
import { awardCategories } from "@yanxiu/domain/credits";
import { enrolmentModes, infoFieldKinds, maxInfoFields, projectCategories, projectForms, projectTargetRoles, type TInfoField } from "@yanxiu/domain/projects";
import { stageIds } from "@yanxiu/domain/roster";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import type { TActionResult } from "../../lib/action-result.server.ts";
import { errorFor } from "../../lib/authoring.ts";
import { StudioField as Field } from "../studios/fields.tsx";

export type TProjectFormDefaults = {
  ownerUnitId?: string;
  name: string;
  description: string;
  category: string;
  form: string;
  startsOn: string;
  endsOn: string;
  plannedHours: number | string;
  creditCategory: string;
  targetRoles: string[];
  subjects: string[];
  stages: string[];
  capacity: number | string;
  enrolmentMode: string;
  needsApproval: boolean;
  requiredDays: number | string;
  quotaKeys: string[];
  infoForm: TInfoField[];
};

const label = (k: string) => t(k as TMessageKey);

/** A set of checkboxes with its legend and error. */
function Checks(props: { id: string; name: string; legend: string; values: readonly string[]; labelOf: (v: string) => string; checked: readonly string[]; error: string | null }) {
  return (
    <fieldset className="yx-field" aria-describedby={props.error ? `${props.id}-error` : undefined}>
      <legend>{props.legend}</legend>
      <div>
        {props.values.map((v) => (
          <label key={v} className="yx-check">
            <input type="checkbox" name={props.name} value={v} defaultChecked={props.checked.includes(v)} /> {props.labelOf(v)}
          </label>
        ))}
      </div>
      {props.error ? (
        <span id={`${props.id}-error`} className="yx-field-error" role="alert">
          {props.error}
        </span>
      ) : null}
    </fieldset>
  );
}

function Select(props: { id: string; name: string; label: string; values: readonly string[]; labelOf: (v: string) => string; value: string; error: string | null; disabled?: boolean }) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      {(db) => (
        <select id={props.id} name={props.name} defaultValue={props.value} aria-describedby={db} aria-invalid={props.error ? true : undefined} disabled={props.disabled}>
          {props.values.map((v) => (
            <option key={v} value={v}>
              {props.labelOf(v)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * A project's facts and its 信息表: the new-project page (with the owner unit) and the edit page. Plain form
 * fields posted to the route's action, so it works before (or without) JavaScript; the facts fixed once
 * published are shown but not sent.
 */
export function ProjectForm(props: {
  intent: "create" | "edit";
  defaults: TProjectFormDefaults;
  units?: { id: string; name: string; depth: number }[];
  frozen: boolean;
  result: TActionResult | undefined;
  busy: boolean;
}) {
  const { intent, defaults: d, result, frozen } = props;
  const err = (...names: string[]) => errorFor(result, intent, ...names);
  const failed = result && !result.ok && result.intent === intent;
  return (
    <Form method="post" noValidate aria-label={t(intent === "create" ? "projects.form.title.new" : "projects.form.title.edit")} className="yx-project-form">
      <input type="hidden" name="intent" value={intent} />
      {failed ? (
        <p className="yx-alert" role="alert">
          {Object.keys(result.fieldErrors).length > 0 ? t("projects.form.fixErrors") : result.message || t(errorMessageKey(result.code))}
        </p>
      ) : null}
      {result?.ok && result.intent === intent ? (
        <p className="yx-success" role="status">
          {t("projects.form.saved")}
        </p>
      ) : null}
      {frozen ? <p className="yx-muted">{t("projects.form.frozen")}</p> : null}
      <div className="yx-project-grid">
        {props.units ? (
          <Field id="project-owner" label={t("projects.form.owner")} error={err("ownerUnitId")} hint={t("projects.form.ownerHint")}>
            {(db) => (
              <select id="project-owner" name="ownerUnitId" defaultValue={d.ownerUnitId ?? ""} aria-describedby={db} aria-invalid={err("ownerUnitId") ? true : undefined}>
                <option value="">{t("projects.form.chooseOwner")}</option>
                {props.units!.map((u) => (
                  <option key={u.id} value={u.id}>
                    {"\u3000".repeat(Math.max(0, u.depth))}
                    {u.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field id="project-name" label={t("projects.form.name")} error={err("name")}>
          {(db) => <input id="project-name" name="name" maxLength={80} defaultValue={d.name} aria-describedby={db} aria-invalid={err("name") ? true : undefined} />}
        </Field>
        <Select id="project-category" name="category" label={t("projects.form.category")} values={projectCategories} labelOf={(v) => label(`projects.category.${v}`)} value={d.category} error={err("category")} />
        <Select id="project-form-kind" name="form" label={t("projects.form.form")} values={projectForms} labelOf={(v) => label(`projects.form.${v}`)} value={d.form} error={err("form")} />
        <Field id="project-starts" label={t("projects.form.startsOn")} error={err("startsOn")}>
          {(db) => <input id="project-starts" name="startsOn" type="date" defaultValue={d.startsOn} aria-describedby={db} />}
        </Field>
        <Field id="project-ends" label={t("projects.form.endsOn")} error={err("endsOn")}>
          {(db) => <input id="project-ends" name="endsOn" type="date" defaultValue={d.endsOn} aria-describedby={db} />}
        </Field>
        {frozen ? null : (
          <>
            <Field id="project-hours" label={t("projects.form.plannedHours")} error={err("plannedHours")} hint={t("projects.form.plannedHoursHint")}>
              {(db) => <input id="project-hours" name="plannedHours" inputMode="decimal" defaultValue={String(d.plannedHours)} aria-describedby={db} />}
            </Field>
            <Select id="project-credit" name="creditCategory" label={t("projects.form.creditCategory")} values={awardCategories} labelOf={(v) => label(`credits.category.${v}`)} value={d.creditCategory} error={err("creditCategory")} />
            <Select id="project-enrolment" name="enrolmentMode" label={t("projects.form.enrolment")} values={enrolmentModes} labelOf={(v) => label(`projects.enrolment.${v}`)} value={d.enrolmentMode} error={err("enrolmentMode")} />
          </>
        )}
        <Field id="project-capacity" label={t("projects.form.capacity")} error={err("capacity")} hint={t("projects.form.capacityHint")}>
          {(db) => <input id="project-capacity" name="capacity" inputMode="numeric" defaultValue={String(d.capacity)} aria-describedby={db} />}
        </Field>
        <Field id="project-days" label={t("projects.form.requiredDays")} error={err("requiredDays")}>
          {(db) => <input id="project-days" name="requiredDays" inputMode="numeric" defaultValue={String(d.requiredDays)} aria-describedby={db} />}
        </Field>
      </div>
      <Checks id="project-targets" name="targetRoles" legend={t("projects.form.targets")} values={projectTargetRoles} labelOf={(v) => label(`projects.target.${v}`)} checked={d.targetRoles} error={err("targetRoles")} />
      <Checks id="project-stages" name="stages" legend={t("projects.form.stages")} values={stageIds} labelOf={(v) => label(`stage.${v}`)} checked={d.stages} error={err("stages")} />
      <Field id="project-subjects" label={t("projects.form.subjects")} error={err("subjects")} hint={t("projects.form.subjectsHint")}>
        {(db) => <textarea id="project-subjects" name="subjects" rows={2} defaultValue={d.subjects.join("\n")} aria-describedby={db} />}
      </Field>
      {frozen ? null : (
        <Field id="project-keys" label={t("projects.form.quotaKeys")} error={err("quotaKeys")} hint={t("projects.form.quotaKeysHint")}>
          {(db) => <textarea id="project-keys" name="quotaKeys" rows={2} defaultValue={d.quotaKeys.join("\n")} aria-describedby={db} />}
        </Field>
      )}
      <label className="yx-check">
        <input type="checkbox" name="needsApproval" defaultChecked={d.needsApproval} /> {t("projects.form.needsApproval")}
      </label>
      <Field id="project-description" label={t("projects.form.description")} error={err("description")}>
        {(db) => <textarea id="project-description" name="description" rows={4} maxLength={4000} defaultValue={d.description} aria-describedby={db} />}
      </Field>
      {frozen ? <InfoFormSummary fields={d.infoForm} heading /> : <InfoFormEditor fields={d.infoForm} error={err("infoForm")} />}
      <button type="submit" className="yx-primary" disabled={props.busy} data-testid="project-submit">
        {t(intent === "create" ? "projects.form.create" : "projects.form.save")}
      </button>
    </Form>
  );
}

/**
 * The 信息表 editor: one fieldset per field (existing ones keep their key in a hidden input), and a blank
 * row to add one more. Without JavaScript a save adds the blank row's field and the page offers a new blank
 * row; with it, 添加字段 adds rows at once.
 */
export function InfoFormEditor(props: { fields: TInfoField[]; error: string | null }) {
  const [extra, setExtra] = useState(1);
  const rows: (TInfoField | null)[] = [...props.fields, ...Array.from({ length: extra }, () => null)].slice(0, maxInfoFields + 5);
  return (
    <fieldset className="yx-field yx-info-editor" aria-describedby={props.error ? "project-info-error" : undefined} data-testid="info-editor">
      <legend>{t("projects.info.title")}</legend>
      <p className="yx-muted">{t("projects.info.intro")}</p>
      {props.error ? (
        <span id="project-info-error" className="yx-field-error" role="alert">
          {props.error}
        </span>
      ) : null}
      {rows.map((f, i) => (
        <InfoFieldRow key={f?.key ?? `new-${i}`} i={i} field={f} />
      ))}
      {rows.length < maxInfoFields ? (
        <button type="button" onClick={() => setExtra((n) => n + 1)} data-testid="info-add">
          {t("projects.info.add")}
        </button>
      ) : null}
    </fieldset>
  );
}

function InfoFieldRow({ i, field: f }: { i: number; field: TInfoField | null }) {
  const id = (k: string) => `info-${i}-${k}`;
  const n = (k: string) => `info.${i}.${k}`;
  return (
    <fieldset className="yx-info-field" data-testid="info-field">
      <legend>{f ? t("projects.info.field", { n: i + 1 }) : t("projects.info.newField")}</legend>
      {f ? <input type="hidden" name={n("key")} value={f.key} /> : null}
      <div className="yx-form-grid">
        <label htmlFor={id("label")}>
          {t("projects.info.label")}
          <input id={id("label")} name={n("label")} maxLength={30} defaultValue={f?.label ?? ""} />
        </label>
        <label htmlFor={id("kind")}>
          {t("projects.info.kind")}
          <select id={id("kind")} name={n("kind")} defaultValue={f?.kind ?? "text"}>
            {infoFieldKinds.map((k) => (
              <option key={k} value={k}>
                {t(`projects.infoField.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={id("max-length")}>
          {t("projects.info.maxLength")}
          <input id={id("max-length")} name={n("maxLength")} inputMode="numeric" defaultValue={f?.kind === "text" ? String(f.maxLength) : ""} />
        </label>
        <label htmlFor={id("min")}>
          {t("projects.info.min")}
          <input id={id("min")} name={n("min")} inputMode="decimal" defaultValue={f?.min ?? ""} />
        </label>
        <label htmlFor={id("max")}>
          {t("projects.info.max")}
          <input id={id("max")} name={n("max")} inputMode="decimal" defaultValue={f?.max ?? ""} />
        </label>
        <label htmlFor={id("options")} className="yx-info-options">
          {t("projects.info.options")}
          <textarea id={id("options")} name={n("options")} rows={3} defaultValue={f?.options.join("\n") ?? ""} />
        </label>
      </div>
      <label className="yx-check">
        <input type="checkbox" name={n("required")} defaultChecked={f?.required ?? false} /> {t("projects.info.required")}
      </label>
      {f ? (
        <label className="yx-check">
          <input type="checkbox" name={n("remove")} /> {t("projects.info.remove")}
        </label>
      ) : null}
    </fieldset>
  );
}

/** The 信息表 as a list (a published project's, which no longer changes). */
export function InfoFormSummary({ fields, heading = false }: { fields: TInfoField[]; heading?: boolean }) {
  return (
    <section aria-label={t("projects.info.title")}>
      {heading ? <h2>{t("projects.info.title")}</h2> : null}
      {fields.length === 0 ? (
        <p className="yx-muted">{t("projects.info.none")}</p>
      ) : (
        <ul data-testid="info-summary">
          {fields.map((f) => (
            <li key={f.key}>
              {f.label}（{t(`projects.infoField.${f.kind}`)}
              {f.required ? `，${t("projects.info.required")}` : ""}
              {f.options.length ? `：${f.options.join(" / ")}` : ""}）
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
