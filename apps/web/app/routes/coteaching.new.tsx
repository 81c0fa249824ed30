import { Form, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useState } from "react";
import { coTeachingLimits } from "@yanxiu/domain/coteaching";
import { suggestedLiveStart } from "@yanxiu/domain/live";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";
import { StudioField } from "../components/studios/fields.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { errorFor } from "../lib/authoring.ts";
import { toLocalInput } from "@yanxiu/domain/authoring-form";
import { chinaLocalDateTime } from "../lib/china-time.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/**
 * /coteaching/new — a trainer, master teacher or admin schedules a 双师 session: title, start, minutes,
 * 学时, and the remote classrooms (school, grade, class, headcount, the assistant's account, an optional
 * roster). The lecturer lands in the room; the assistants find it under 我的直播.
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const options = await load(context.services.coteaching.coTeachingFormOptions({ actor }));
  // "Now" for the form's proposed start (the next half hour), read once so the server and the browser agree.
  return { shell, schools: options.schools, now: new Date().toISOString() };
}

export const meta: MetaFunction = () => [{ title: `${t("coteaching.new.title")} · ${t("app.name")}` }];

/** The form's flat `classrooms.<i>.<field>` names as the service's list of classrooms. */
function classroomsOf(f: Record<string, unknown>) {
  const rows = new Map<number, Record<string, unknown>>();
  for (const [k, v] of Object.entries(f)) {
    const m = /^classrooms\.(\d+)\.(schoolId|grade|className|headcount|assistant|roster)$/.exec(k);
    if (!m) continue;
    const i = Number(m[1]);
    if (i >= coTeachingLimits.maxClassrooms * 2) continue;
    rows.set(i, { ...rows.get(i), [m[2]!]: v });
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, r]) => {
      const roster = typeof r.roster === "string" ? r.roster.split(/\r?\n/).map((x) => x.trim()).filter(Boolean) : [];
      const { roster: _r, ...rest } = r;
      return roster.length ? { ...rest, roster } : rest;
    });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const f = await readForm(request);
  let created: { sessionId: string } | undefined;
  const res = await runIntent("create", async () => {
    created = await context.services.coteaching.createCoTeachingSession({
      actor,
      input: { title: f.title, scheduledStart: chinaLocalDateTime(f.scheduledStart), scheduledMinutes: f.scheduledMinutes, creditHours: f.creditHours, classrooms: classroomsOf(f) },
    });
  });
  if (created) throw redirect(`/live/${created.sessionId}`);
  return res;
}

export default function NewCoTeaching() {
  const { shell, schools, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const [rows, setRows] = useState([0, 1]);
  const err = (...names: string[]) => errorFor(result, "create", ...names);
  const formError = result && !result.ok && !Object.keys(result.fieldErrors).length ? t(errorMessageKey(result.code)) : (err("form", "classrooms") ?? null);
  return (
    <LearnerShell shell={shell}>
      <div className="yx-stack">
        <h1>{t("coteaching.new.title")}</h1>
        <p className="yx-muted">{t("coteaching.new.help")}</p>
        <Form method="post" noValidate className="yx-stack" aria-label={t("coteaching.new.title")} data-testid="coteaching-form">
          <Card title={t("coteaching.new.title")}>
            <StudioField id="ct-title" label={t("coteaching.new.titleField")} error={err("title")}>
              {(db) => <input id="ct-title" name="title" required maxLength={100} aria-describedby={db} />}
            </StudioField>
            <StudioField id="ct-start" label={t("coteaching.new.start")} error={err("scheduledStart")}>
              {(db) => <input id="ct-start" name="scheduledStart" type="datetime-local" required min={toLocalInput(now)} defaultValue={toLocalInput(suggestedLiveStart(null, new Date(now)))} aria-describedby={db} />}
            </StudioField>
            <StudioField id="ct-minutes" label={t("coteaching.new.minutes")} error={err("scheduledMinutes")}>
              {(db) => <input id="ct-minutes" name="scheduledMinutes" type="number" min={5} max={1440} step={5} defaultValue={45} required aria-describedby={db} />}
            </StudioField>
            <StudioField id="ct-hours" label={t("coteaching.new.hours")} error={err("creditHours")}>
              {(db) => <input id="ct-hours" name="creditHours" type="number" min={0} max={20} step={0.5} defaultValue={1} aria-describedby={db} />}
            </StudioField>
          </Card>
          {rows.map((key, i) => (
            <fieldset key={key} className="yx-card" data-testid="classroom-fields">
              <legend>{t("coteaching.new.classroom", { n: i + 1 })}</legend>
              <StudioField id={`ct-${key}-school`} label={t("coteaching.new.school")} error={err(`classrooms.${i}.schoolId`)}>
                {(db) => (
                  <select id={`ct-${key}-school`} name={`classrooms.${i}.schoolId`} required defaultValue="" aria-describedby={db}>
                    <option value="">{t("coteaching.new.schoolPick")}</option>
                    {schools.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}（{s.code}）
                      </option>
                    ))}
                  </select>
                )}
              </StudioField>
              <StudioField id={`ct-${key}-grade`} label={t("coteaching.new.grade")} error={err(`classrooms.${i}.grade`)}>
                {(db) => <input id={`ct-${key}-grade`} name={`classrooms.${i}.grade`} required maxLength={20} aria-describedby={db} />}
              </StudioField>
              <StudioField id={`ct-${key}-class`} label={t("coteaching.new.className")} error={err(`classrooms.${i}.className`)}>
                {(db) => <input id={`ct-${key}-class`} name={`classrooms.${i}.className`} required maxLength={30} aria-describedby={db} />}
              </StudioField>
              <StudioField id={`ct-${key}-headcount`} label={t("coteaching.new.headcount")} error={err(`classrooms.${i}.headcount`)}>
                {(db) => <input id={`ct-${key}-headcount`} name={`classrooms.${i}.headcount`} type="number" min={1} max={200} required aria-describedby={db} />}
              </StudioField>
              <StudioField id={`ct-${key}-assistant`} label={t("coteaching.new.assistant")} error={err(`classrooms.${i}.assistant`)}>
                {(db) => <input id={`ct-${key}-assistant`} name={`classrooms.${i}.assistant`} required maxLength={64} autoComplete="off" aria-describedby={db} />}
              </StudioField>
              <StudioField id={`ct-${key}-roster`} label={t("coteaching.new.roster")} error={err(`classrooms.${i}.roster`)}>
                {(db) => <textarea id={`ct-${key}-roster`} name={`classrooms.${i}.roster`} rows={3} aria-describedby={db} />}
              </StudioField>
              {rows.length > 1 ? (
                <button type="button" onClick={() => setRows((r) => r.filter((x) => x !== key))}>
                  {t("coteaching.new.removeClassroom")}
                </button>
              ) : null}
            </fieldset>
          ))}
          <p>
            <button type="button" disabled={rows.length >= coTeachingLimits.maxClassrooms} onClick={() => setRows((r) => [...r, Math.max(...r) + 1])}>
              {t("coteaching.new.addClassroom")}
            </button>
          </p>
          {formError ? (
            <p className="yx-alert" role="alert">
              {formError}
            </p>
          ) : null}
          <button type="submit" className="yx-primary" disabled={busy} data-testid="coteaching-submit">
            {t("coteaching.new.submit")}
          </button>
        </Form>
      </div>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
