import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, ScrollX } from "@yanxiu/ui/layout";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { chinaDateTime } from "../lib/china-time.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { iso } from "../lib/iso.ts";
import { NominationStateTag } from "./admin.projects.$projectId.nominations._index.tsx";

/**
 * One nomination: the teacher, the unit, the 信息表 answers, where it waits, the whole trail (every decision,
 * at which unit, by whom, why), and what the admin may do now: 通过/退回 at their level (资质复审 at the
 * owner), 调换 a returned nominee in the same seat, 退出培训 an approved one. Decisions ask first.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const d = await load(context.services.projects.nominationPage({ actor, query: { nominationId: params.nominationId } }));
  if (d.project.id !== params.projectId) fail("notFound");
  return {
    ...d,
    nomination: { ...d.nomination, createdAt: iso(d.nomination.createdAt) },
    trail: d.trail.map((s) => ({ ...s, occurredAt: iso(s.occurredAt) })),
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const { intent, reason } = await readForm(request);
  const s = context.services.projects;
  const nominationId = params.nominationId;
  if (intent === "pass" || intent === "return") {
    return runIntent(intent, () => s.reviewNomination({ actor, input: { nominationId, decision: intent, reason } }).then(() => intent));
  }
  if (intent === "withdraw") return runIntent("withdraw", () => s.withdrawNomination({ actor, input: { nominationId, reason } }).then(() => "withdraw"));
  fail("badRequest");
}

const trailLabel = (action: string) => {
  const key = `projects.trail.${action}` as TMessageKey;
  const text = t(key);
  return text === key ? action : text;
};

export default function NominationPage() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const n = d.nomination;
  const confirmOn = (message: string) => (e: React.FormEvent) => {
    if (!window.confirm(message)) e.preventDefault();
  };
  const reasonError = r && !r.ok ? (r.fieldErrors.reason?.[0] ?? null) : null;
  return (
    <>
      <p>
        <Link to=".." relative="path">
          {t("projects.nomination.back")}
        </Link>
      </p>
      {r?.ok ? (
        <p className="yx-success" role="status">
          {t(`projects.nomination.done.${r.message ?? r.intent}` as TMessageKey)}
        </p>
      ) : r ? (
        <p className="yx-alert" role="alert">
          {reasonError ?? r.message ?? t(errorMessageKey(r.code))}
        </p>
      ) : null}
      <Card title={t("projects.nomination.title")}>
        <dl className="yx-facts" data-testid="nomination-facts">
          <dt>{t("projects.nomination.teacher")}</dt>
          <dd>
            {n.teacherName}（{n.teacherNo}）
          </dd>
          <dt>{t("projects.nomination.unit")}</dt>
          <dd>{n.unitName}</dd>
          <dt>{t("projects.nomination.state")}</dt>
          <dd>
            <NominationStateTag state={n.state} />
          </dd>
          {n.awaitingUnitName ? (
            <>
              <dt>{t("projects.nomination.step")}</dt>
              <dd data-testid="nomination-step">{n.qualification ? t("projects.nomination.stepQualification", { unit: n.awaitingUnitName }) : t("projects.nominations.awaiting", { unit: n.awaitingUnitName })}</dd>
            </>
          ) : null}
          {n.lastReason ? (
            <>
              <dt>{t("projects.nomination.lastReason")}</dt>
              <dd>{n.lastReason}</dd>
            </>
          ) : null}
        </dl>
        {n.replacesId ? (
          <p className="yx-muted">
            {t("projects.nomination.replaces")} <Link to={`../${n.replacesId}`} relative="path">{t("projects.nominations.view")}</Link>
          </p>
        ) : null}
        {n.replacedById ? (
          <p className="yx-muted">
            {t("projects.nomination.replacedBy")}
            <Link to={`../${n.replacedById}`} relative="path">{t("projects.nomination.replacedByLink")}</Link>
          </p>
        ) : null}
      </Card>
      {d.perms.review || d.perms.replace || d.perms.withdraw ? (
        <Card title={n.qualification ? t("projects.nomination.qualify") : d.perms.review ? t("projects.nomination.review") : d.perms.replace ? t("projects.nomination.replace") : t("projects.nomination.withdraw")}>
          {d.perms.review ? (
            <div className="yx-stack">
              <Form method="post" className="yx-inline-form" onSubmit={confirmOn(t("projects.nomination.confirmPass", { name: n.teacherName }))}>
                <input type="hidden" name="intent" value="pass" />
                <button type="submit" className="yx-primary" disabled={busy} data-testid="nomination-pass">
                  {t("projects.nomination.pass")}
                </button>
              </Form>
              <Form method="post" className="yx-inline-form" onSubmit={confirmOn(t("projects.nomination.confirmReturn", { name: n.teacherName }))}>
                <input type="hidden" name="intent" value="return" />
                <label htmlFor="return-reason">{t("projects.nomination.reason")}</label>
                <input id="return-reason" name="reason" maxLength={500} aria-invalid={reasonError ? true : undefined} data-testid="return-reason" />
                <button type="submit" className="yx-danger" disabled={busy} data-testid="nomination-return">
                  {t("projects.nomination.returnIt")}
                </button>
              </Form>
            </div>
          ) : null}
          {d.perms.replace ? (
            <>
              <p className="yx-muted">{t("projects.nomination.replaceHint")}</p>
              <Link to={`../new?replacing=${n.id}`} relative="path" className="yx-button yx-primary" data-testid="nomination-replace">
                {t("projects.nomination.replace")}
              </Link>
            </>
          ) : null}
          {d.perms.withdraw ? (
            <Form method="post" className="yx-inline-form" onSubmit={confirmOn(t("projects.nomination.confirmWithdraw", { name: n.teacherName }))}>
              <input type="hidden" name="intent" value="withdraw" />
              <label htmlFor="withdraw-reason">{t("projects.nomination.withdrawReason")}</label>
              <input id="withdraw-reason" name="reason" maxLength={500} />
              <button type="submit" className="yx-danger" disabled={busy} data-testid="nomination-withdraw">
                {t("projects.nomination.withdraw")}
              </button>
            </Form>
          ) : null}
        </Card>
      ) : null}
      {d.answers.length > 0 ? (
        <Card title={t("projects.nomination.answers")}>
          <dl className="yx-facts">
            {d.answers.map((a) => (
              <div key={a.key} className="yx-contents">
                <dt>{a.label}</dt>
                <dd>{a.value == null || a.value === "" ? t("projects.nomination.noAnswer") : Array.isArray(a.value) ? a.value.join("、") : String(a.value)}</dd>
              </div>
            ))}
          </dl>
        </Card>
      ) : null}
      <Card title={t("projects.nomination.trail")}>
        <ScrollX label={t("common.scrollTable")}>
          <table className="yx-table" data-testid="nomination-trail">
            <thead>
              <tr>
                <th scope="col">{t("projects.nomination.trail.when")}</th>
                <th scope="col">{t("projects.nomination.trail.what")}</th>
                <th scope="col">{t("projects.nomination.trail.where")}</th>
                <th scope="col">{t("projects.nomination.trail.who")}</th>
                <th scope="col">{t("projects.nomination.trail.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {d.trail.map((s) => (
                <tr key={s.id} data-testid="trail-row">
                  <td>{chinaDateTime(s.occurredAt)}</td>
                  <th scope="row">{trailLabel(s.action)}</th>
                  <td>{s.atUnitName ?? "—"}</td>
                  <td>{s.actorName}</td>
                  <td>{s.reason || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollX>
      </Card>
    </>
  );
}
