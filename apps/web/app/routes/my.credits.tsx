import { useEffect, useState } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { awardCategories, organiserLevels } from "@yanxiu/domain/credits";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { CreditTotals, LedgerTable, toLedgerData, toTotalsData } from "../components/credits-ledger.tsx";
import { FileUpload } from "../components/file-upload.tsx";
import { RowsTable } from "../components/rows-table.tsx";
import { MyProjects } from "../components/projects/my-projects.tsx";
import { LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";
import { readForm } from "../lib/admin.server.ts";
import { runIntent } from "../lib/action-result.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { iso } from "../lib/iso.ts";
import { useRevalidateOnUserEvents } from "../lib/use-user-events.ts";
import { requireUser } from "../lib/guard.server.ts";

export const meta: MetaFunction = () => [{ title: t("credits.title") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const [d, projects] = await Promise.all([load(context.services.credits.myCredits({ actor })), load(context.services.projects.myNominations({ actor }))]);
  return {
    shell,
    projects: projects.map((p) => ({ id: p.id, projectId: p.projectId, projectName: p.projectName, startsOn: p.startsOn, endsOn: p.endsOn, state: p.state, lastAction: p.lastAction, lastAt: iso(p.lastAt) })),
    today: d.today,
    totals: toTotalsData(d.totals),
    scheme: d.scheme ? { unit: d.scheme.unit, name: d.scheme.name, version: d.scheme.version } : null,
    ledger: toLedgerData(d.ledger),
    certificates: d.certificates.map((c) => ({ id: c.id, number: c.number, verifyCode: c.verifyCode, status: c.status, title: c.title, reversed: c.reversed })),
    requests: d.requests.map((r) => ({
      id: r.id,
      title: r.title,
      hours: r.hours,
      category: r.category,
      completedOn: r.completedOn,
      status: r.status,
      comment: r.comment,
      proofFileId: r.proofFileId,
      createdAt: iso(r.createdAt),
    })),
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const { intent, ...input } = await readForm(request);
  if (intent !== "submitExternal") fail("badRequest");
  return runIntent("submitExternal", () => context.services.credits.submitExternalAward({ actor, input }));
}

/** How often the page asks again while a certificate is being generated, and for how long at most. */
const pollMs = 3000;
const pollForMs = 10 * 60_000;

export default function MyCredits() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const revalidator = useRevalidator();
  const pending = d.certificates.some((c) => c.status === "pending");
  // A new credit or certificate shows up at once (pushed through the realtime service).
  useRevalidateOnUserEvents();

  // While a certificate is pending, ask the server again every few seconds (no reload): the PDF job
  // finishes within seconds and the link appears by itself.
  useEffect(() => {
    if (!pending) return;
    const started = Date.now();
    const timer = window.setInterval(() => {
      if (Date.now() - started > pollForMs) window.clearInterval(timer);
      else if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, pollMs);
    return () => window.clearInterval(timer);
  }, [pending, revalidator]);

  // A fresh, empty form (and upload field) after each accepted submission.
  const [formKey, setFormKey] = useState(0);
  useEffect(() => {
    if (r?.ok) setFormKey((k) => k + 1);
  }, [r]);
  const fieldError = (name: string) => (r && !r.ok ? r.fieldErrors[name]?.[0] : undefined);

  return (
    <LearnerShell shell={d.shell}>
      <div className="yx-stack yx-credits">
        <h1>{t("credits.title")}</h1>
        <CreditTotals totals={d.totals} scheme={d.scheme} whyHref="/my/credits/why" />
        {d.projects.length > 0 ? <MyProjects projects={d.projects} /> : null}
        <p>
          <Link to="/my/projects" data-testid="open-projects-link">
            {t("projects.apply.link")}
          </Link>
        </p>

        <Card title={t("credits.certificates.heading")} testId="certificates">
          {d.certificates.length === 0 ? (
            <EmptyState>{t("credits.certificates.empty")}</EmptyState>
          ) : (
            <ul className="yx-credits-certificates">
              {d.certificates.map((c) => (
                <li key={c.id} data-testid="certificate-row" data-status={c.status}>
                  <span className="yx-credits-title">{c.title}</span> <span className="yx-muted">{t("credits.certificates.number", { number: c.number })}</span>{" "}
                  {c.reversed ? (
                    <span className="yx-badge">{t("credits.certificates.revoked")}</span>
                  ) : c.status === "issued" ? (
                    <>
                      <a href={`/my/certificates/${c.id}.pdf`} download>
                        {t("credits.certificates.download")}
                      </a>{" "}
                      <a href={`/verify/${c.verifyCode}`} target="_blank" rel="noreferrer" data-testid="certificate-verify">
                        {t("credits.certificates.verify")}
                      </a>
                    </>
                  ) : (
                    <span className="yx-badge" role="status">{t("credits.certificates.pending")}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t("credits.ledger.heading")}>
          {d.ledger.length ? (
            <p>
              <a href="/my/credits.xlsx" download data-testid="ledger-export">
                {t("credits.ledger.export")}
              </a>
            </p>
          ) : null}
          <LedgerTable rows={d.ledger} />
        </Card>

        <Card title={t("fixedPoints.title")} testId="fixed-points-card">
          <p className="yx-muted">{t("fixedPoints.linkHint")}</p>
          <p>
            <Link to="/my/credits/fixed-points" className="yx-button" data-testid="fixed-points-link">
              {t("fixedPoints.link")}
            </Link>
          </p>
        </Card>

        <Card title={t("credits.external.heading")} testId="external-award">
          <p className="yx-muted">{t("credits.external.intro")}</p>
          {r?.ok ? (
            <p className="yx-success" role="status">{t("credits.external.submitted")}</p>
          ) : r ? (
            <p className="yx-alert" role="alert">{t(errorMessageKey(r.code))}</p>
          ) : null}
          <Form method="post" className="yx-form-grid" key={formKey}>
            <input type="hidden" name="intent" value="submitExternal" />
            <Field label={t("credits.external.title")} error={fieldError("title")}>
              <input name="title" required maxLength={200} />
            </Field>
            <Field label={t("credits.external.issuer")} error={fieldError("issuer")}>
              <input name="issuer" required maxLength={200} />
            </Field>
            <Field label={t("credits.external.certificateNo")} error={fieldError("certificateNo")}>
              <input name="certificateNo" maxLength={100} />
            </Field>
            <Field label={t("credits.external.hours")} error={fieldError("hours")}>
              <input name="hours" required inputMode="decimal" type="number" min="0.1" max="1000" step="0.1" />
            </Field>
            <Field label={t("credits.external.category")} error={fieldError("category")}>
              <select name="category" required defaultValue="">
                <option value="" disabled>{t("credits.external.choose")}</option>
                {awardCategories.map((c) => (
                  <option key={c} value={c}>{t(`credits.category.${c}`)}</option>
                ))}
              </select>
            </Field>
            <Field label={t("credits.external.organiserLevel")} error={fieldError("organiserLevel")}>
              <select name="organiserLevel" required defaultValue="">
                <option value="" disabled>{t("credits.external.choose")}</option>
                {organiserLevels.map((l) => (
                  <option key={l} value={l}>{t(`credits.level.${l}`)}</option>
                ))}
              </select>
            </Field>
            <Field label={t("credits.external.completedOn")} error={fieldError("completedOn")}>
              <input name="completedOn" type="date" required max={d.today} />
            </Field>
            <FileUpload purpose="creditProof" name="proofFileId" label={t("credits.external.proof")} />
            {fieldError("proofFileId") ? <span className="yx-field-error" role="alert">{fieldError("proofFileId")}</span> : null}
            <button type="submit" className="yx-primary" disabled={busy}>{t("credits.external.submit")}</button>
          </Form>
        </Card>

        <Card title={t("credits.requests.heading")} testId="my-requests">
          <RowsTable
            rows={d.requests}
            empty={t("credits.requests.empty")}
            head={
              <>
                <th scope="col">{t("credits.ledger.date")}</th>
                <th scope="col">{t("credits.ledger.item")}</th>
                <th scope="col">{t("credits.ledger.category")}</th>
                <th scope="col" className="yx-credits-num">{t("credits.ledger.hours")}</th>
                <th scope="col">{t("credits.ledger.evidence")}</th>
                <th scope="col">{t("credits.requests.statusHeading")}</th>
              </>
            }
            row={(q) => (
              <tr key={q.id} data-testid="my-request" data-status={q.status}>
                <td>{q.completedOn}</td>
                <td>{q.title}</td>
                <td>{t(`credits.category.${q.category}` as TMessageKey)}</td>
                <td className="yx-credits-num">{q.hours}</td>
                <td>{q.proofFileId ? <a href={`/files/${q.proofFileId}`}>{t("credits.evidence.file")}</a> : null}</td>
                <td>
                  <span className={`yx-badge yx-credits-request-${q.status}`}>{t(`credits.requests.status.${q.status}`)}</span>
                  {q.comment ? <div className="yx-muted">{t("credits.requests.comment", { comment: q.comment })}</div> : null}
                </td>
              </tr>
            )}
          />
        </Card>
      </div>
    </LearnerShell>
  );
}

function Field(props: { label: string; error?: string; children: React.ReactNode }) {
  return (
    <label className="yx-field">
      {props.label}
      {props.children}
      {props.error ? <span className="yx-field-error" role="alert">{props.error}</span> : null}
    </label>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
