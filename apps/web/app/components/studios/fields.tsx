import { Form } from "@remix-run/react";
import { stageIds } from "@yanxiu/domain/roster";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import type { TActionResult } from "../../lib/action-result.server.ts";
import { errorFor } from "../../lib/authoring.ts";

/** My place in a studio, as a badge. */
export function myBadge(status: string | null, role: string | null): TMessageKey | null {
  if (status === "active") return role === "host" ? "studios.my.host" : role === "coHost" ? "studios.my.coHost" : "studios.my.active";
  if (status === "applied") return "studios.my.applied";
  if (status === "invited") return "studios.my.invited";
  return null;
}

/** A studio's facts as the list's card and the overview show them (the overview adds the term). */
export function StudioFacts({ s, term }: { s: { hostName: string; subject: string; stages: readonly string[]; orgName: string; memberCount: number }; term?: { from: string; to: string } }) {
  return (
    <dl className="yx-facts">
      <dt>{t("studios.facts.host")}</dt>
      <dd>{s.hostName}</dd>
      <dt>{t("studios.facts.subject")}</dt>
      <dd>{s.subject}</dd>
      <dt>{t("studios.facts.stages")}</dt>
      <dd>{s.stages.map((x) => t(`stage.${x}` as TMessageKey)).join("、")}</dd>
      <dt>{t("studios.facts.org")}</dt>
      <dd>{s.orgName}</dd>
      {term ? (
        <>
          <dt>{t("studios.facts.term")}</dt>
          <dd>{t("studios.facts.termValue", term)}</dd>
        </>
      ) : null}
      <dt>{t("studios.facts.members")}</dt>
      <dd>{t("studios.facts.memberCount", { count: s.memberCount })}</dd>
    </dl>
  );
}

/** A labelled control with its error right after it (announced with the field through aria-describedby). */
export function StudioField(props: { id: string; label: string; error: string | null; hint?: string; children: (describedBy: string | undefined) => React.ReactNode }) {
  const errId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  const describedBy = [props.hint ? hintId : null, props.error ? errId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="yx-field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children(describedBy)}
      {props.hint ? (
        <span id={hintId} className="yx-muted">
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span id={errId} className="yx-field-error" role="alert" data-testid={`error-${props.id}`}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

export type TStudioFormDefaults = { name: string; subject: string; stages: string[]; orgUnitId: string; termStart: string; termEnd: string; description: string };
export type TStudioFormOptions = { units: { id: string; name: string; depth: number }[]; masters: { login: string; displayName: string }[] };

/** A studio's facts: the new-studio page (with the host) and the edit page (without). */
export function StudioFactsForm(props: { intent: "create" | "edit"; defaults: TStudioFormDefaults | null; options: TStudioFormOptions; result: TActionResult | undefined; busy: boolean }) {
  const { intent, defaults: d, options, result } = props;
  const err = (name: string) => errorFor(result, intent, name);
  const failed = result && !result.ok && result.intent === intent;
  const thisYear = new Date().getFullYear();
  return (
    <Form method="post" noValidate aria-label={t(intent === "create" ? "studios.form.title.new" : "studios.form.title.edit")}>
      <input type="hidden" name="intent" value={intent} />
      {failed ? (
        <p className="yx-alert" role="alert">
          {Object.keys(result.fieldErrors).length > 0 ? t("studios.form.fixErrors") : t(errorMessageKey(result.code))}
        </p>
      ) : null}
      <StudioField id="studio-name" label={t("studios.form.name")} error={err("name")}>
        {(db) => <input id="studio-name" name="name" required maxLength={60} defaultValue={d?.name ?? ""} aria-describedby={db} aria-invalid={db ? true : undefined} />}
      </StudioField>
      {intent === "create" ? (
        <StudioField id="studio-host" label={t("studios.form.hostLogin")} error={err("hostLogin")} hint={t("studios.form.hostHint")}>
          {(db) => (
            <>
              <input id="studio-host" name="hostLogin" required maxLength={64} list="studio-masters" autoComplete="off" aria-describedby={db} />
              <datalist id="studio-masters">
                {options.masters.map((m) => (
                  <option key={m.login} value={m.login}>
                    {m.displayName}
                  </option>
                ))}
              </datalist>
            </>
          )}
        </StudioField>
      ) : null}
      <StudioField id="studio-subject" label={t("studios.form.subject")} error={err("subject")}>
        {(db) => <input id="studio-subject" name="subject" required maxLength={20} defaultValue={d?.subject ?? ""} aria-describedby={db} />}
      </StudioField>
      <fieldset className="yx-field" aria-describedby={err("stages") ? "studio-stages-error" : undefined}>
        <legend>{t("studios.form.stages")}</legend>
        <div>
          {stageIds.map((s) => (
            <label key={s} className="yx-check">
              <input type="checkbox" name="stages" value={s} defaultChecked={d?.stages.includes(s) ?? false} /> {t(`stage.${s}`)}
            </label>
          ))}
        </div>
        {err("stages") ? (
          <span id="studio-stages-error" className="yx-field-error" role="alert">
            {err("stages")}
          </span>
        ) : null}
      </fieldset>
      <StudioField id="studio-org" label={t("studios.form.orgUnit")} error={err("orgUnitId")}>
        {(db) => (
          <select id="studio-org" name="orgUnitId" defaultValue={d?.orgUnitId ?? ""} aria-describedby={db}>
            <option value="">{t("studios.form.chooseOrg")}</option>
            {options.units.map((u) => (
              <option key={u.id} value={u.id}>
                {"\u3000".repeat(Math.max(0, u.depth - 1))}
                {u.name}
              </option>
            ))}
          </select>
        )}
      </StudioField>
      <StudioField id="studio-start" label={t("studios.form.termStart")} error={err("termStart")}>
        {(db) => <input id="studio-start" name="termStart" type="date" required defaultValue={d?.termStart ?? `${thisYear}-09-01`} aria-describedby={db} />}
      </StudioField>
      <StudioField id="studio-end" label={t("studios.form.termEnd")} error={err("termEnd")}>
        {(db) => <input id="studio-end" name="termEnd" type="date" required defaultValue={d?.termEnd ?? `${thisYear + 3}-08-31`} aria-describedby={db} />}
      </StudioField>
      <StudioField id="studio-description" label={t("studios.form.description")} error={err("description")}>
        {(db) => <textarea id="studio-description" name="description" rows={4} maxLength={4000} defaultValue={d?.description ?? ""} aria-describedby={db} />}
      </StudioField>
      <button type="submit" className="yx-primary" disabled={props.busy} data-testid="studio-submit">
        {t(intent === "create" ? "studios.form.create" : "studios.form.save")}
      </button>
    </Form>
  );
}
