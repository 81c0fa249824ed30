import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { data, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Col, Row, Tag } from "antd";
import { toAppError } from "@yanxiu/domain/errors";
import { nationalTraineeStates, type TNationalTraineeState } from "@yanxiu/domain/federation";
import { listPageSizes } from "@yanxiu/domain/list-page";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { AppShell, Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { Kpi } from "../components/home/parts.tsx";
import { listHref, PageNumbers } from "../components/list-page.tsx";
import { NationalRollCallCard } from "../components/national-roll-call.tsx";
import { NationalStaffCard } from "../components/national-staff.tsx";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.project.name} · ${t("national.title")}` : t("national.title") }];

/** Only on the platform host; who sees what (the operator: all; staff: their classes) is the services' call. */
function platformActor(context: AppLoadContext, request: Request) {
  if (context.tenant && context.tenant.kind !== "platform") fail("notFound");
  return requireUser(context, request);
}

/**
 * One national project: its trainees as the provinces reported them (filtered by province, class, state and
 * name or school, a numbered page at a time), 编班 and 学时认定 per trainee, and — for the operator — the
 * implementing universities' staff and the classes each serves.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, shell } = platformActor(context, request);
  // The roll call's day and class ride in the same URL as the trainees' filters, under their own names.
  const { day, rollClass, ...filters } = Object.fromEntries(new URL(request.url).searchParams);
  const input = { ...filters, projectId: params.projectId };
  const r = await load(context.services.federation.listNationalTrainees({ actor, input }));
  const roll = await load(context.services.federation.readNationalRollCall({ actor, input: { projectId: r.project.id, day, classCode: rollClass } }));
  const staff = r.manages ? await load(context.services.federation.listNationalStaff({ actor, input: { projectId: r.project.id } })) : [];
  const q = r.query;
  return {
    shell,
    today: new Date().toISOString().slice(0, 10),
    project: { id: r.project.id, name: r.project.name, startsOn: r.project.startsOn, endsOn: r.project.endsOn, plannedHours: r.project.plannedHours, requiredDays: r.project.requiredDays },
    manages: r.manages,
    query: { q: q.q ?? "", province: q.province ?? "", classCode: q.classCode ?? "", state: q.state ?? "", page: q.page, size: q.size },
    total: r.total,
    byState: r.byState,
    provinces: r.provinces,
    classes: r.classes,
    trainees: r.trainees.map((x) => ({ id: x.id, name: x.name, school: x.school, subject: x.subject, province: x.homeProvince, classCode: x.classCode, state: x.state, hoursAwarded: x.hoursAwarded, attended: x.attended })),
    roll,
    staff,
  };
}

type TResult = { ok: boolean; intent?: string; message?: string; field?: string; created?: { login: string; password: string }; marked?: number; unmarked?: number };

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = platformActor(context, request);
  const { intent, ...input } = await readForm(request);
  const f = context.services.federation;
  try {
    if (intent === "class") {
      await f.assignTraineeClass({ actor, input });
      return data<TResult>({ ok: true, intent });
    }
    if (intent === "complete") {
      await f.recordNationalCompletion({ actor, input });
      return data<TResult>({ ok: true, intent });
    }
    if (intent === "rollCall") {
      const r = await f.saveNationalRollCall({ actor, input: { ...input, projectId: params.projectId } });
      return data<TResult>({ ok: true, intent, marked: r.marked, unmarked: r.unmarked });
    }
    if (intent === "requiredDays") {
      await f.setNationalRequiredDays({ actor, input: { ...input, projectId: params.projectId } });
      return data<TResult>({ ok: true, intent });
    }
    if (intent === "addStaff") {
      const r = await f.addNationalStaff({ actor, input: { ...input, projectId: params.projectId } });
      return data<TResult>({ ok: true, intent, created: r.password ? { login: r.login, password: r.password } : undefined });
    }
    if (intent === "revokeStaff") {
      await f.revokeNationalStaff({ actor, input: { ...input, projectId: params.projectId } });
      return data<TResult>({ ok: true, intent });
    }
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal" || err.code === "unavailable") throw e;
    const [field, reasons] = Object.entries(err.fieldErrors ?? {})[0] ?? [];
    return data<TResult>({ ok: false, intent: String(intent), field, message: reasons?.[0] ?? t(errorMessageKey(err.code)) }, { status: err.status });
  }
  fail("badRequest");
}

const stateColor: Record<TNationalTraineeState, string> = { enrolled: "processing", completed: "success", withdrawn: "default" };

export default function NationalProject() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const q = d.query;
  const p = d.project;
  const hrefFor = (page: number, size: number) => listHref("", { q: q.q, province: q.province, classCode: q.classCode, state: q.state }, { page, size }, { size: 50 }) || "?";
  const filtered = Boolean(q.q || q.province || q.classCode || q.state);
  const all = Object.values(d.byState).reduce((a, n) => a + (n ?? 0), 0);
  return (
    <AppShell tenantName={d.shell.tenantName} user={d.shell.user}>
      <div className="yx-stack">
        {d.manages ? (
          <p>
            <Link to="/platform/projects">{t("national.back")}</Link>
          </p>
        ) : null}
        <h1>{p.name}</h1>
        <p className="yx-muted" data-testid="national-facts">
          {t("projects.dates", { from: p.startsOn, to: p.endsOn })} · {t("national.plannedHours", { hours: p.plannedHours })} ·{" "}
          {p.requiredDays ? t("national.requiredDays", { days: p.requiredDays }) : t("national.noRequiredDays")}
        </p>
        {d.manages ? (
          <Form method="post" className="yx-inline-form">
            <input type="hidden" name="intent" value="requiredDays" />
            <label>
              {t("national.field.requiredDays")}{" "}
              <input name="requiredDays" type="number" min={0} max={366} step={1} defaultValue={p.requiredDays} key={p.requiredDays} required size={4} />
            </label>
            <button type="submit" disabled={busy}>{t("national.requiredDaysSave")}</button>
          </Form>
        ) : null}
        <Row gutter={[12, 12]} data-testid="national-counts">
          <Col xs={12} md={6}>
            <Kpi title={t("national.count.all")} value={all} />
          </Col>
          {nationalTraineeStates.map((s) => (
            <Col key={s} xs={12} md={6}>
              <Kpi title={t(`national.state.${s}` as TMessageKey)} value={d.byState[s] ?? 0} testId={`national-count-${s}`} />
            </Col>
          ))}
        </Row>
        {r && !r.ok && r.intent !== "addStaff" && r.intent !== "revokeStaff" && r.intent !== "rollCall" ? (
          <p className="yx-alert" role="alert">
            {r.message}
          </p>
        ) : r?.ok && (r.intent === "class" || r.intent === "complete" || r.intent === "requiredDays") ? (
          <p className="yx-success" role="status">{t(r.intent === "complete" ? "national.completed" : "common.saved")}</p>
        ) : null}
        <NationalRollCallCard roll={d.roll} manages={d.manages} keep={{ q: q.q, province: q.province, classCode: q.classCode, state: q.state }} result={r?.intent === "rollCall" ? r : undefined} busy={busy} />
        <Form method="get" className="yx-filters" aria-label={t("national.filters")}>
          <label>
            {t("national.q")}
            <input name="q" type="search" defaultValue={q.q} maxLength={50} />
          </label>
          <label>
            {t("national.province")}
            <select name="province" defaultValue={q.province}>
              <option value="">{t("common.all")}</option>
              {d.provinces.map((x) => (
                <option key={x.id} value={x.id}>{`${x.name}（${x.n}）`}</option>
              ))}
            </select>
          </label>
          <label>
            {t("national.class")}
            <select name="classCode" defaultValue={q.classCode}>
              <option value="">{t("common.all")}</option>
              {d.classes.map((c) => (
                <option key={c.code || "-"} value={c.code || "-"}>{`${c.code || t("national.noClass")}（${c.n}）`}</option>
              ))}
            </select>
          </label>
          <label>
            {t("national.stateLabel")}
            <select name="state" defaultValue={q.state}>
              <option value="">{t("common.all")}</option>
              {nationalTraineeStates.map((s) => (
                <option key={s} value={s}>{t(`national.state.${s}` as TMessageKey)}</option>
              ))}
            </select>
          </label>
          <button type="submit">{t("common.filter")}</button>
          {filtered ? <Link to=".">{t("common.clearFilters")}</Link> : null}
        </Form>
        <Card title={`${t("national.trainees")}（${t("common.totalRows", { total: d.total })}）`}>
          {d.trainees.length === 0 ? (
            <EmptyState>{filtered ? t("national.traineesEmptyFiltered") : d.manages ? t("national.traineesEmpty") : t("national.traineesEmptyStaff")}</EmptyState>
          ) : (
            <ScrollX label={t("common.scrollTable")}>
              <table className="yx-table" data-testid="national-trainees">
                <thead>
                  <tr>
                    {(["name", "province", "class", "attendance", "state", "credit"] as const).map((k) => (
                      <th key={k} scope="col">{t(`national.traineeCol.${k}`)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {d.trainees.map((x) => (
                    <tr key={x.id} data-trainee={x.name}>
                      <th scope="row">
                        {x.name}
                        <div className="yx-muted">
                          {x.school} · {x.subject}
                        </div>
                      </th>
                      <td>{x.province}</td>
                      <td>
                        {d.manages && x.state !== "withdrawn" ? (
                          <Form method="post" className="yx-inline-form">
                            <input type="hidden" name="intent" value="class" />
                            <input type="hidden" name="traineeId" value={x.id} />
                            <input name="classCode" defaultValue={x.classCode} maxLength={30} size={8} aria-label={t("national.classOf", { name: x.name })} />
                            <button type="submit" disabled={busy}>{t("national.setClass")}</button>
                          </Form>
                        ) : (
                          x.classCode || t("national.noClass")
                        )}
                      </td>
                      <td data-testid="trainee-attendance">
                        {t("national.attendedOf", { attended: x.attended, required: p.requiredDays })}
                        {x.attended < p.requiredDays ? <div className="yx-muted">{t("national.attendedShort")}</div> : null}
                      </td>
                      <td>
                        <Tag color={stateColor[x.state]}>{t(`national.state.${x.state}` as TMessageKey)}</Tag>
                      </td>
                      <td>
                        {x.state === "enrolled" ? (
                          <Form
                            method="post"
                            className="yx-inline-form"
                            onSubmit={(e) => {
                              if (!window.confirm(t("national.confirmComplete", { name: x.name, province: x.province }))) e.preventDefault();
                            }}
                          >
                            <input type="hidden" name="intent" value="complete" />
                            <input type="hidden" name="traineeId" value={x.id} />
                            <input name="completedOn" type="date" defaultValue={d.today > p.endsOn ? p.endsOn : d.today} required aria-label={t("national.completedOn", { name: x.name })} />
                            <input name="hours" type="number" min={0.5} max={p.plannedHours} step={0.5} defaultValue={p.plannedHours} required size={5} aria-label={t("national.hoursOf", { name: x.name })} />
                            {d.manages && x.attended < p.requiredDays ? (
                              <input name="exceptionReason" maxLength={200} placeholder={t("national.exceptionPlaceholder")} aria-label={t("national.exceptionOf", { name: x.name })} />
                            ) : null}
                            <button type="submit" className="yx-primary" disabled={busy}>{t("national.complete")}</button>
                          </Form>
                        ) : x.state === "completed" ? (
                          t("national.hoursAwarded", { hours: x.hoursAwarded ?? 0 })
                        ) : (
                          "—"
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollX>
          )}
          <PageNumbers total={d.total} page={q.page} size={q.size} sizes={listPageSizes} hrefFor={hrefFor} />
        </Card>
        {d.manages ? <NationalStaffCard staff={d.staff} result={r?.intent === "addStaff" || r?.intent === "revokeStaff" ? r : undefined} busy={busy} /> : null}
      </div>
    </AppShell>
  );
}
