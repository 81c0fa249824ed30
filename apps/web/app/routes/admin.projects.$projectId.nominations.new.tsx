import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { InfoAnswersFields } from "../components/projects/info-answers.tsx";
import { StudioField as Field } from "../components/studios/fields.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { errorFor, errorsUnder } from "../lib/authoring.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { answersFrom } from "../lib/project-form.server.ts";

/**
 * 推荐学员 (and 调换, with ?replacing=<returned nomination>): pick the nominating unit, find its teachers by
 * name or 教师编号 (a GET form, so the search works without JavaScript), choose one, the seat and fill the
 * project's 信息表, whose fields come from its stored definition.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const sp = new URL(request.url).searchParams;
  const query = { projectId: params.projectId, unitId: sp.get("unit") ?? undefined, q: sp.get("q") ?? undefined, replacing: sp.get("replacing") ?? undefined };
  const o = await load(context.services.projects.nominationOptions({ actor, query }));
  return {
    project: o.project,
    q: o.query.q ?? "",
    units: o.units,
    unitId: o.unitId,
    seats: o.seats,
    teachers: o.teachers.map((x) => ({ userId: x.userId, name: x.name, teacherNo: x.teacherNo, schoolName: x.schoolName, title: x.title ?? "", subjects: x.subjects, nominated: x.nominated })),
    replacing: o.replacing ? { id: o.replacing.id, teacherName: o.replacing.teacherName, answers: o.replacing.answers as Record<string, unknown> } : null,
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const form = await readForm(request);
  const s = context.services.projects;
  const answers = answersFrom(form);
  let done: string | undefined;
  if (form.intent === "nominate") {
    const r = await runIntent("nominate", async () => {
      done = (await s.nominateTeacher({ actor, input: { projectId: params.projectId, allocationId: form.allocationId, nominatingUnitId: form.nominatingUnitId, teacherId: form.teacherId, answers } })).nominationId;
    });
    if (done) throw redirect(`/admin/projects/${params.projectId}/nominations/${done}`);
    return r;
  }
  if (form.intent === "replace") {
    const r = await runIntent("replace", async () => {
      done = (await s.replaceNomination({ actor, input: { nominationId: form.nominationId, teacherId: form.teacherId, answers } })).nominationId;
    });
    if (done) throw redirect(`/admin/projects/${params.projectId}/nominations/${done}`);
    return r;
  }
  fail("badRequest");
}

export default function Nominate() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const intent = d.replacing ? "replace" : "nominate";
  const err = (...names: string[]) => errorFor(result, intent, ...names);
  const answerErrors = errorsUnder(result, intent, "answers");
  const failed = result && !result.ok && result.intent === intent;
  const title = d.replacing ? t("projects.nominate.replaceTitle", { name: d.replacing.teacherName }) : t("projects.nominate.title");
  if (!d.project.open) return <EmptyState>{t("projects.nominations.closedHint")}</EmptyState>;
  if (d.units.length === 0) return <EmptyState>{t("projects.nominate.noUnits")}</EmptyState>;
  return (
    <Card title={title}>
      <p>
        <Link to={d.replacing ? `../${d.replacing.id}` : ".."} relative="path">
          {t("projects.nomination.back")}
        </Link>
      </p>
      <p className="yx-muted">{t("projects.nominate.intro")}</p>
      <Form method="get" className="yx-filters" aria-label={t("projects.nominate.search")}>
        {d.replacing ? <input type="hidden" name="replacing" value={d.replacing.id} /> : null}
        {d.units.length > 1 ? (
          <label>
            {t("projects.nominate.unit")}
            <select name="unit" defaultValue={d.unitId ?? ""}>
              {d.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <input type="hidden" name="unit" value={d.unitId ?? ""} />
        )}
        <label>
          {t("projects.nominate.search")}
          <input name="q" type="search" defaultValue={d.q} maxLength={50} placeholder={t("projects.nominations.q")} data-testid="teacher-search" />
        </label>
        <button type="submit">{t("projects.nominate.searchButton")}</button>
      </Form>
      <Form method="post" noValidate aria-label={title} className="yx-stack">
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="nominatingUnitId" value={d.unitId ?? ""} />
        {d.replacing ? <input type="hidden" name="nominationId" value={d.replacing.id} /> : null}
        {failed ? (
          <p className="yx-alert" role="alert">
            {Object.keys(result.fieldErrors).length > 0 ? t("projects.form.fixErrors") : result.message || t(errorMessageKey(result.code))}
          </p>
        ) : null}
        <fieldset className="yx-field" aria-describedby={err("teacherId") ? "nominate-teacher-error" : undefined}>
          <legend>{t("projects.nominate.teacher")}</legend>
          {!d.q ? (
            <p className="yx-muted">{t("projects.nominate.searchHint")}</p>
          ) : d.teachers.length === 0 ? (
            <p className="yx-muted">{t("projects.nominate.noTeachers")}</p>
          ) : (
            <div className="yx-stack-tight" data-testid="teacher-choices">
              {d.teachers.map((x) => (
                <label key={x.userId} className="yx-check">
                  <input type="radio" name="teacherId" value={x.userId} disabled={x.nominated} defaultChecked={d.teachers.length === 1 && !x.nominated} /> {x.name}（{x.teacherNo} · {x.schoolName}
                  {x.title ? ` · ${x.title}` : ""}）{x.nominated ? ` ${t("projects.nominate.already")}` : ""}
                </label>
              ))}
            </div>
          )}
          {err("teacherId") ? (
            <span id="nominate-teacher-error" className="yx-field-error" role="alert">
              {err("teacherId")}
            </span>
          ) : null}
        </fieldset>
        {d.replacing ? null : d.seats.length === 0 ? (
          <p className="yx-alert">{t("projects.nominate.noSeats")}</p>
        ) : (
          <Field id="nominate-seat" label={t("projects.nominate.seat")} error={err("allocationId")}>
            {(db) => (
              <select id="nominate-seat" name="allocationId" defaultValue={d.seats.find((s) => s.remaining > 0)?.allocationId ?? ""} aria-describedby={db}>
                {d.seats.map((s) => (
                  <option key={s.allocationId} value={s.allocationId} disabled={s.remaining <= 0}>
                    {t("projects.nominate.seatOption", { unit: s.unitName, key: s.quotaKey ? t("projects.quota.keyOf", { key: s.quotaKey }) : "", remaining: s.remaining })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {d.project.infoForm.length > 0 ? (
          <fieldset className="yx-field">
            <legend>{t("projects.nominate.answers")}</legend>
            <InfoAnswersFields fields={d.project.infoForm} values={d.replacing?.answers} errors={answerErrors} />
          </fieldset>
        ) : null}
        <button type="submit" className="yx-primary" disabled={busy || (!d.replacing && d.seats.length === 0)} data-testid="nominate-submit">
          {t(d.replacing ? "projects.nominate.replaceSubmit" : "projects.nominate.submit")}
        </button>
      </Form>
    </Card>
  );
}
