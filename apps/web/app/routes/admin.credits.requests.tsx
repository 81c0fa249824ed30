import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { CreditsAdminNav } from "../components/credits-ledger.tsx";
import { readForm } from "../lib/admin.server.ts";
import { runIntent } from "../lib/action-result.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const after = new URL(request.url).searchParams.get("after") ?? undefined;
  const r = await load(context.services.credits.listExternalRequests({ actor, query: after ? { after } : {} }));
  return {
    requests: r.requests.map((q) => ({
      id: q.id,
      teacherName: q.teacherName,
      schoolName: q.schoolName,
      title: q.title,
      issuer: q.issuer,
      certificateNo: q.certificateNo,
      hours: q.hours,
      category: q.category,
      organiserLevel: q.organiserLevel,
      completedOn: q.completedOn,
      proofFileId: q.proofFileId,
    })),
    next: r.next,
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const { intent, ...input } = await readForm(request);
  const c = context.services.credits;
  if (intent === "approve") return runIntent("approve", () => c.approveExternalAward({ actor, input: { requestId: input.requestId } }));
  if (intent === "reject") return runIntent("reject", () => c.rejectExternalAward({ actor, input: { requestId: input.requestId, comment: input.comment } }));
  fail("badRequest");
}

export default function ExternalRequests() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  return (
    <div className="yx-stack">
      <CreditsAdminNav />
      <h1>{t("credits.admin.requests.heading")}</h1>
      {r?.ok ? (
        <p className="yx-success" role="status">{r.intent === "approve" ? t("credits.admin.requests.approved") : t("credits.admin.requests.rejected")}</p>
      ) : r ? (
        <p className="yx-alert" role="alert">{r.fieldErrors.comment?.[0] ?? t(errorMessageKey(r.code))}</p>
      ) : null}
      <Card title={t("credits.admin.requests.heading")}>
        {d.requests.length === 0 ? (
          <EmptyState>{t("credits.admin.requests.empty")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
          <table className="yx-table" data-testid="external-requests">
            <thead>
              <tr>
                <th scope="col">{t("credits.admin.requests.teacher")}</th>
                <th scope="col">{t("credits.admin.requests.training")}</th>
                <th scope="col">{t("credits.ledger.category")}</th>
                <th scope="col" className="yx-credits-num">{t("credits.ledger.hours")}</th>
                <th scope="col">{t("credits.external.completedOn")}</th>
                <th scope="col">{t("credits.ledger.evidence")}</th>
                <th scope="col">{t("credits.ledger.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {d.requests.map((q) => (
                <tr key={q.id} data-testid="external-request">
                  <td>
                    {q.teacherName}
                    <div className="yx-muted">{q.schoolName}</div>
                  </td>
                  <td>
                    {q.title}
                    <div className="yx-muted">{q.certificateNo ? t("credits.admin.requests.issuerNo", { issuer: q.issuer, number: q.certificateNo }) : q.issuer}</div>
                  </td>
                  <td>
                    {t(`credits.category.${q.category}` as TMessageKey)}
                    <div className="yx-muted">{t(`credits.level.${q.organiserLevel}` as TMessageKey)}</div>
                  </td>
                  <td className="yx-credits-num">{q.hours}</td>
                  <td>{q.completedOn}</td>
                  <td>{q.proofFileId ? <a href={`/files/${q.proofFileId}`} target="_blank" rel="noreferrer">{t("credits.admin.requests.proof")}</a> : null}</td>
                  <td>
                    <Form
                      method="post"
                      className="yx-inline-form"
                      onSubmit={(e) => {
                        if (!window.confirm(t("credits.admin.requests.confirmApprove", { title: q.title, hours: q.hours }))) e.preventDefault();
                      }}
                    >
                      <input type="hidden" name="intent" value="approve" />
                      <input type="hidden" name="requestId" value={q.id} />
                      <button type="submit" className="yx-primary" disabled={busy}>{t("credits.admin.requests.approve")}</button>
                    </Form>
                    <Form method="post" className="yx-inline-form">
                      <input type="hidden" name="intent" value="reject" />
                      <input type="hidden" name="requestId" value={q.id} />
                      <label>
                        <span className="yx-sr-only">{t("credits.admin.requests.comment")}</span>
                        <input name="comment" required maxLength={500} placeholder={t("credits.admin.requests.comment")} />
                      </label>
                      <button type="submit" className="yx-danger" disabled={busy}>{t("credits.admin.requests.reject")}</button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
</ScrollX>
        )}
        <nav className="yx-pager" aria-label={t("common.pagination")}>
          {params.get("after") ? <Link to="?">{t("credits.admin.status.first")}</Link> : null}
          {d.next ? <Link to={`?after=${d.next}`} rel="next">{t("credits.admin.status.next")}</Link> : null}
        </nav>
      </Card>
    </div>
  );
}
