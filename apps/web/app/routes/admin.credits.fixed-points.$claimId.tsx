import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { unitLabel } from "@yanxiu/domain/credit-scheme";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { CreditsAdminNav } from "../components/credits-ledger.tsx";
import { ClaimSteps, ClaimTrail, toClaimData } from "../components/fixed-points.tsx";
import { readForm } from "../lib/admin.server.ts";
import { runIntent } from "../lib/action-result.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** One claim for an admin whose scope holds its teacher: the evidence (opened through /files), the chain, the trail, and — at the admin's level — 通过 / 退回 / 不予认定. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const c = await load(context.services.credits.getFixedPointClaim({ actor, claimId: params.claimId ?? "" }));
  return { claim: toClaimData(c), teacher: { name: c.teacherName, teacherNo: c.teacherNo, schoolName: c.schoolName } };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const { intent, ...form } = await readForm(request);
  if (intent !== "decide") fail("badRequest");
  return runIntent(String(form.decision ?? "decide"), () =>
    context.services.credits.decideFixedPointClaim({ actor, input: { claimId: params.claimId, round: form.round, step: form.step, decision: form.decision, reason: form.reason } }),
  );
}

export default function FixedPointClaimPage() {
  const { claim: c, teacher } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const unit = unitLabel[c.unit];
  const last = c.step === c.steps.length - 1;
  const confirmText = (decision: string) =>
    decision === "pass"
      ? last
        ? t("fixedPoints.admin.confirmPassLast", { value: c.value, unit, title: c.title })
        : t("fixedPoints.admin.confirmPass", { title: c.title })
      : decision === "return"
        ? t("fixedPoints.admin.confirmReturn", { title: c.title })
        : t("fixedPoints.admin.confirmReject", { title: c.title });
  const done = r?.ok ? (r.intent === "pass" && c.status === "approved" ? "approved" : r.intent) : null;
  return (
    <div className="yx-stack yx-fixed-points">
      <CreditsAdminNav />
      <p>
        <Link to="/admin/credits/fixed-points">{t("fixedPoints.admin.back")}</Link>
      </p>
      <h1>{t("credits.ledger.fixedPointTitle", { item: t(`credits.fixedPoint.${c.kind}` as TMessageKey), title: c.title })}</h1>
      {done ? (
        <p className="yx-success" role="status">{t(`fixedPoints.admin.done.${done}` as TMessageKey)}</p>
      ) : r && !r.ok ? (
        <p className="yx-alert" role="alert">{r.message}</p>
      ) : null}
      <Card title={t("fixedPoints.admin.detail")} testId="claim-detail">
        <p>{t("fixedPoints.admin.teacherLine", { name: teacher.name, teacherNo: teacher.teacherNo, school: teacher.schoolName })}</p>
        <p>
          <span className={`yx-badge yx-claim-${c.status}`} data-testid="claim-status" data-status={c.status}>{t(`fixedPoints.status.${c.status}`)}</span>{" "}
          {c.happenedOn} · {t(`credits.level.${c.level}` as TMessageKey)} · {t("fixedPoints.value", { value: c.value, unit })}
          {c.round > 1 ? ` · ${t("fixedPoints.round", { round: c.round })}` : null}
        </p>
        <p className="yx-claim-description">
          <strong>{t("fixedPoints.admin.description")}：</strong>
          {c.description}
        </p>
        <h2>{t("fixedPoints.steps")}</h2>
        <ClaimSteps claim={c} />
        <h2>{t("fixedPoints.files")}</h2>
        <ul className="yx-claim-files" data-testid="claim-files">
          {c.files.map((f) => (
            <li key={`${f.round}-${f.fileId}`} className={f.current ? undefined : "yx-muted"}>
              {f.label}：
              <a href={f.href} target="_blank" rel="noreferrer">
                {f.name}
              </a>
              {f.current ? null : t("fixedPoints.files.earlier", { round: f.round })}
            </li>
          ))}
        </ul>
      </Card>
      {c.mayDecide ? (
        <Card title={t("fixedPoints.admin.decide")} testId="claim-decide">
          <Form
            method="post"
            className="yx-claim-decide"
            onSubmit={(e) => {
              const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
              if (!window.confirm(confirmText(submitter?.value ?? "pass"))) e.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="round" value={c.round} />
            <input type="hidden" name="step" value={c.step} />
            <label>
              {t("fixedPoints.admin.reason")}
              <textarea name="reason" maxLength={500} rows={2} />
              {r && !r.ok && r.fieldErrors.reason ? <span className="yx-field-error" role="alert">{r.fieldErrors.reason[0]}</span> : null}
            </label>
            <div className="yx-form-actions">
              <button type="submit" name="decision" value="pass" className="yx-primary" disabled={busy}>{t("fixedPoints.action.pass")}</button>{" "}
              <button type="submit" name="decision" value="return" className="yx-button yx-secondary" disabled={busy}>{t("fixedPoints.action.return")}</button>{" "}
              <button type="submit" name="decision" value="reject" className="yx-danger" disabled={busy}>{t("fixedPoints.action.reject")}</button>
            </div>
          </Form>
        </Card>
      ) : c.status === "pending" ? (
        <p className="yx-muted">{t("fixedPoints.admin.notYours")}</p>
      ) : null}
      <Card title={t("fixedPoints.trail")}>
        <ClaimTrail trail={c.trail} />
      </Card>
    </div>
  );
}
