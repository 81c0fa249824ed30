import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Descriptions } from "antd";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { InfoFormSummary } from "../components/projects/project-form.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { useProjectFrame } from "./admin.projects.$projectId.tsx";
import { ReportStatusTag } from "./admin.projects.$projectId.evaluation._index.tsx";

/** The 绩效评估报告's due day and state (overdue shows here: there is no reminder job or notification yet). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const r = await load(context.services.projects.reportView({ actor, query: { projectId: params.projectId } }));
  return { report: { dueOn: r.dueOn, status: r.status } };
}

/** 概况: the project's facts, its 信息表 and what the admin may do with it now (publish, 上级审核, start, close). */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const { intent, reason } = await readForm(request);
  const s = context.services.projects;
  const projectId = params.projectId;
  switch (intent) {
    case "publish":
      return runIntent("publish", () => s.publishProject({ actor, input: { projectId } }).then((r) => (r.state === "pendingApproval" ? "submit" : "publish")));
    case "approve":
    case "return":
      return runIntent(intent, () => s.decideProjectApproval({ actor, input: { projectId, decision: intent, reason } }).then(() => intent));
    case "start":
      return runIntent("start", () => s.startProject({ actor, input: { projectId } }).then(() => "start"));
    case "close":
      return runIntent("close", () => s.closeProject({ actor, input: { projectId } }).then(() => "close"));
  }
  fail("badRequest");
}

const label = (key: string) => t(key as TMessageKey);

export default function ProjectOverview() {
  const { project: p, perms } = useProjectFrame();
  const { report } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const confirmOn = (message: string) => (e: React.FormEvent) => {
    if (!window.confirm(message)) e.preventDefault();
  };
  const canStart = perms.edit && p.state === "published";
  const canClose = perms.edit && p.state === "running";
  return (
    <>
      {r?.ok ? (
        <p className="yx-success" role="status">
          {label(`projects.actions.done.${r.message ?? r.intent}`)}
        </p>
      ) : r ? (
        <p className="yx-alert" role="alert">
          {r.fieldErrors.reason?.[0] ?? r.message ?? t(errorMessageKey(r.code))}
        </p>
      ) : null}
      {p.description ? <p className="yx-muted">{p.description}</p> : null}
      <Card title={t("projects.actions.title")}>
        <div className="yx-inline-form">
          {perms.edit ? <Link to="edit">{t("projects.actions.edit")}</Link> : null}
          {perms.publish ? (
            <Form method="post" className="yx-inline-form" onSubmit={confirmOn(t("projects.actions.confirmPublish", { name: p.name }))}>
              <input type="hidden" name="intent" value="publish" />
              <button type="submit" className="yx-primary" disabled={busy} data-testid="project-publish">
                {p.needsApproval && p.level !== "province" ? t("projects.actions.submit") : t("projects.actions.publish")}
              </button>
            </Form>
          ) : null}
          {canStart ? (
            <Form method="post" className="yx-inline-form" onSubmit={confirmOn(t("projects.actions.confirmStart", { name: p.name }))}>
              <input type="hidden" name="intent" value="start" />
              <button type="submit" disabled={busy}>
                {t("projects.actions.start")}
              </button>
            </Form>
          ) : null}
          {canClose ? (
            <Form method="post" className="yx-inline-form" onSubmit={confirmOn(t("projects.actions.confirmClose", { name: p.name }))}>
              <input type="hidden" name="intent" value="close" />
              <button type="submit" className="yx-danger" disabled={busy}>
                {t("projects.actions.close")}
              </button>
            </Form>
          ) : null}
        </div>
        {p.state === "pendingApproval" && !perms.approve ? <p className="yx-muted">{t("projects.actions.pendingHint")}</p> : null}
        {perms.approve ? (
          <div className="yx-inline-form">
            <Form method="post" className="yx-inline-form">
              <input type="hidden" name="intent" value="approve" />
              <button type="submit" className="yx-primary" disabled={busy} data-testid="project-approve">
                {t("projects.actions.approve")}
              </button>
            </Form>
            <Form method="post" className="yx-inline-form">
              <input type="hidden" name="intent" value="return" />
              <label>
                <span className="yx-sr-only">{t("projects.actions.returnReason")}</span>
                <input name="reason" maxLength={500} placeholder={t("projects.actions.returnReason")} />
              </label>
              <button type="submit" className="yx-danger" disabled={busy}>
                {t("projects.actions.return")}
              </button>
            </Form>
          </div>
        ) : null}
        {!perms.edit && !perms.publish && !perms.approve && p.state !== "pendingApproval" ? <p className="yx-muted">{t("projects.actions.none")}</p> : null}
      </Card>
      <Card title={t("projects.facts")}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: "owner", label: t("projects.col.owner"), children: `${p.ownerName}（${label(`projects.level.${p.level}`)}）` },
            { key: "category", label: t("projects.fact.category"), children: label(`projects.category.${p.category}`) },
            { key: "form", label: t("projects.col.form"), children: label(`projects.form.${p.form}`) },
            { key: "dates", label: t("projects.col.dates"), children: t("projects.dates", { from: p.startsOn, to: p.endsOn }) },
            { key: "hours", label: t("projects.col.hours"), children: `${p.plannedHours}（${label(`credits.category.${p.creditCategory}`)}）` },
            { key: "capacity", label: t("projects.col.capacity"), children: p.capacity === 0 ? t("projects.unlimited") : p.capacity },
            { key: "targets", label: t("projects.fact.targets"), children: p.targetRoles.map((x) => label(`projects.target.${x}`)).join("、") },
            { key: "subjects", label: t("projects.fact.subjects"), children: p.subjects.join("、") || "—" },
            { key: "stages", label: t("projects.fact.stages"), children: p.stages.map((s) => label(`stage.${s}`)).join("、") || "—" },
            { key: "enrolment", label: t("projects.fact.enrolment"), children: label(`projects.enrolment.${p.enrolmentMode}`) },
            { key: "approval", label: t("projects.fact.approval"), children: p.needsApproval ? t("projects.fact.approvalYes") : t("projects.fact.approvalNo") },
            { key: "days", label: t("projects.fact.requiredDays"), children: t("projects.fact.requiredDaysValue", { days: p.requiredDays }) },
            { key: "keys", label: t("projects.form.quotaKeys"), children: p.quotaKeys.join("、") || t("projects.quota.keyAll") },
            {
              key: "report",
              label: t("evaluation.report.title"),
              children: (
                <Link to="evaluation">
                  {t("evaluation.report.dueOn", { due: report.dueOn })} <ReportStatusTag status={report.status} />
                </Link>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t("projects.info.title")}>
        <InfoFormSummary fields={p.infoForm} />
      </Card>
    </>
  );
}
