import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { parseTeacherNos } from "@yanxiu/domain/courses";
import { AppError } from "@yanxiu/domain/errors";
import { hasNulByte } from "@yanxiu/domain/limits";
import { rosterLimits, stageIds } from "@yanxiu/domain/roster";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { AppShell, Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { load } from "../lib/errors.server.ts";
import { ClassPager } from "../components/class-page.tsx";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { requireUser, shellOf } from "../lib/guard.server.ts";

/** /teach/:courseId — the trainer's class list, with the assign form and links to grading and check-in. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const url = new URL(request.url);
  const courseId = params.courseId ?? "";
  const cw = context.services.classwork;
  const list = await load(cw.classList({ actor, courseId, after: url.searchParams.get("after"), limit: 50 }));
  const orgQ = (url.searchParams.get("orgQ") ?? "").trim();
  const orgUnits = orgQ ? await load(cw.searchAssignableOrgUnits({ actor, courseId, q: orgQ })) : [];
  return { shell: shellOf(context), courseId, orgQ, orgUnits, ...list };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const courseId = params.courseId ?? "";
  const form = await request.formData().catch(() => null);
  if (!form || [...form.values()].some((v) => typeof v === "string" && hasNulByte(v))) {
    return data<TActionResult>({ ok: false, intent: "assign", code: "badRequest", message: t("error.badRequest"), fieldErrors: {} }, { status: 400 });
  }
  const get = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v.trim() : "";
  };
  const by = get("by");
  const deadline = get("deadline") || undefined;
  return runIntent(
    "assign",
    async () => {
      let input: Record<string, unknown>;
      if (by === "list") {
        const nos = parseTeacherNos(get("teacherNos"));
        const file = form.get("file");
        if (file && typeof file !== "string" && file.size > 0) {
          if (file.size > rosterLimits.maxFileBytes) throw new AppError("payloadTooLarge", "list file too large");
          nos.push(...parseTeacherNos((await context.services.classwork.readTeacherNoList({ fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })).join("\n")));
        }
        if (nos.length === 0) return t("classwork.assign.noNumbers");
        input = { by, courseId, teacherNos: [...new Set(nos)], deadline };
      } else if (by === "filter") {
        input = { by, courseId, orgUnitId: get("orgUnitId") || undefined, stage: get("stage") || undefined, subject: get("subject") || undefined, deadline };
      } else {
        input = { by: "subtree", courseId, orgUnitId: get("orgUnitId"), deadline };
      }
      const r = await context.services.classwork.assignEnrollments({ actor, input });
      const unknown = r.unknownTeacherNos.length ? t("classwork.assign.unknown", { nos: r.unknownTeacherNos.slice(0, 50).join("、"), count: r.unknownTeacherNos.length }) : "";
      return `${t("classwork.assign.done", { added: r.added, already: r.alreadyEnrolled })}${unknown}`;
    },
  );
}

const day = (iso: Date | string | null) => (iso ? new Date(iso).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" }) : "—");

export default function ClassList() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const base = `/teach/${d.courseId}`;
  const orgPicker = (
    <fieldset>
      <legend>{t("classwork.assign.orgUnit")}</legend>
      {d.orgUnits.length === 0 ? <p className="yx-muted">{d.orgQ ? t("classwork.assign.noOrg") : t("classwork.assign.searchFirst")}</p> : null}
      {d.orgUnits.map((u) => (
        <label key={u.id} className="yx-check">
          <input type="radio" name="orgUnitId" value={u.id} /> {u.name}（{u.code}）
        </label>
      ))}
    </fieldset>
  );
  return (
    <AppShell tenantName={d.shell.tenantName} user={d.shell.user}>
      <div className="yx-stack">
        <div className="yx-toolbar">
          <h1>{t("classwork.classList.title", { course: d.courseTitle })}</h1>
          <a href={`${base}/class-list.xlsx`} download>{t("classwork.exportExcel")}</a>
        </div>
        <nav className="yx-tabs" aria-label={t("classwork.nav")}>
          <Link className="yx-tab" to={`${base}/grading`}>{t("classwork.grading.link")}</Link>
          {d.hasLiveUnits ? <Link className="yx-tab" to={`${base}/live`} data-testid="course-live-tab">{t("liveOps.course.link")}</Link> : null}
          {d.offlineUnits.map((u) => (
            <Link key={u.id} className="yx-tab" to={`${base}/check-in/${u.id}`}>{t("classwork.checkIn.link", { title: u.title })}</Link>
          ))}
        </nav>
        {r?.ok ? <p className="yx-success" role="status">{r.message}</p> : r ? <p className="yx-alert" role="alert">{r.message}</p> : null}
        <Card title={t("classwork.classList.members")}>
          {d.rows.length === 0 ? (
            <EmptyState>{t("classwork.classList.empty")}</EmptyState>
          ) : (
            <div className="yx-classwork-scroll">
              <ScrollX label={t("common.scrollTable")}>
              <table className="yx-table" data-testid="class-list">
                <thead>
                  <tr>
                    <th>{t("classwork.col.name")}</th>
                    <th>{t("classwork.col.school")}</th>
                    <th>{t("classwork.col.source")}</th>
                    <th>{t("classwork.col.deadline")}</th>
                    <th>{t("classwork.col.progress")}</th>
                    {d.units.map((u) => (
                      <th key={u.id} title={u.title}>{u.title}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((row) => (
                    <tr key={row.enrollmentId}>
                      <td>
                        {row.name} <span className="yx-muted">{row.teacherNo ?? ""}</span>
                      </td>
                      <td>{row.school ?? "—"}</td>
                      <td>{t(`classwork.source.${row.source}` as TMessageKey)}</td>
                      <td>{day(row.deadline)}</td>
                      <td>{row.progressPercent}%</td>
                      {d.units.map((u) => {
                        const s = row.units[u.id] ?? "notStarted";
                        return (
                          <td key={u.id} className={`yx-classwork-state-${s}`}>{t(`classwork.state.${s}` as TMessageKey)}</td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
</ScrollX>
            </div>
          )}
          <ClassPager path={base} onFirstPage={!params.get("after")} next={d.next} />
        </Card>
        <Card title={t("classwork.assign.title")}>
          <Form method="get" className="yx-inline-form">
            <label>
              {t("classwork.assign.searchOrg")} <input name="orgQ" defaultValue={d.orgQ} />
            </label>
            <button type="submit">{t("classwork.assign.search")}</button>
          </Form>
          <AssignForm by="subtree" title={t("classwork.assign.bySubtree")} disabled={busy || d.orgUnits.length === 0}>
            {orgPicker}
          </AssignForm>
          <AssignForm by="filter" title={t("classwork.assign.byFilter")} disabled={busy}>
            {orgPicker}
            <label>
              {t("classwork.assign.stage")}
              <select name="stage" defaultValue="">
                <option value="">{t("classwork.assign.any")}</option>
                {stageIds.map((s) => (
                  <option key={s} value={s}>{t(`stage.${s}` as TMessageKey)}</option>
                ))}
              </select>
            </label>
            <label>
              {t("classwork.assign.subject")} <input name="subject" maxLength={20} />
            </label>
          </AssignForm>
          <AssignForm by="list" title={t("classwork.assign.byList")} disabled={busy}>
            <label>
              {t("classwork.assign.file")} <input type="file" name="file" accept=".xlsx,.csv" />
            </label>
            <label>
              {t("classwork.assign.paste")}
              <textarea name="teacherNos" rows={4} />
            </label>
          </AssignForm>
        </Card>
      </div>
    </AppShell>
  );
}

/**
 * One way to assign the course (by an org subtree, by filter, by a list of teacher numbers): its fields, then
 * the deadline they all share. The list way uploads a file, so its form is multipart.
 */
function AssignForm(props: { by: "subtree" | "filter" | "list"; title: string; disabled: boolean; children: React.ReactNode }) {
  return (
    <Form method="post" encType={props.by === "list" ? "multipart/form-data" : undefined} className="yx-form-grid">
      <input type="hidden" name="by" value={props.by} />
      <h3>{props.title}</h3>
      {props.children}
      <label>
        {t("classwork.assign.deadline")} <input type="date" name="deadline" />
      </label>
      <button type="submit" className="yx-primary" disabled={props.disabled}>{t("classwork.assign.submit")}</button>
    </Form>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
