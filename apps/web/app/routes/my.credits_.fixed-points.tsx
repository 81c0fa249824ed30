import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { unitLabel } from "@yanxiu/domain/credit-scheme";
import { claimEvidenceFromForm } from "@yanxiu/domain/fixed-points";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { FileUpload } from "../components/file-upload.tsx";
import { ClaimSteps, ClaimTrail, toClaimData } from "../components/fixed-points.tsx";
import { LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";
import { readForm } from "../lib/admin.server.ts";
import { runIntent } from "../lib/action-result.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export const meta: MetaFunction = () => [{ title: t("fixedPoints.title") }];

/** 定额项目申报: the items of the scheme in effect, the form for one (?kind=…, or ?edit=<claim> to resubmit a returned one), and the teacher's claims. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const [items, claims] = await Promise.all([load(context.services.credits.fixedPointItems({ actor })), load(context.services.credits.myFixedPointClaims({ actor }))]);
  return { shell, today: items.today, scheme: items.scheme, items: items.items, claims: claims.map(toClaimData) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const form = await readForm(request);
  const input = {
    kind: form.kind,
    level: form.level,
    title: form.title,
    happenedOn: form.happenedOn,
    description: form.description,
    evidence: claimEvidenceFromForm(form),
  };
  const c = context.services.credits;
  const intent = form.intent;
  if (intent !== "submit" && intent !== "resubmit") fail("badRequest");
  // An accepted claim redirects (post/redirect/get): the form closes, a reload cannot send it twice, and the
  // message comes from ?done= so no later navigation of the page can drop it.
  let done = false;
  const r = await runIntent(intent, async () => {
    if (intent === "submit") await c.submitFixedPointClaim({ actor, input });
    else await c.resubmitFixedPointClaim({ actor, input: { ...input, claimId: form.claimId } });
    done = true;
  });
  if (done) throw redirect(`/my/credits/fixed-points?done=${intent}`);
  return r;
}

export default function FixedPointClaims() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const done = params.get("done");
  const editing = d.claims.find((c) => c.id === params.get("edit") && c.status === "returned") ?? null;
  const kind = editing?.kind ?? params.get("kind");
  const item = d.items.find((i) => i.kind === kind) ?? null;
  const unit = d.scheme ? unitLabel[d.scheme.unit] : "";
  const fieldError = (name: string) => (r && !r.ok ? r.fieldErrors[name]?.[0] : undefined);


  return (
    <LearnerShell shell={d.shell}>
      <div className="yx-stack yx-credits yx-fixed-points">
        <p>
          <Link to="/my/credits">{t("fixedPoints.back")}</Link>
        </p>
        <h1>{t("fixedPoints.title")}</h1>
        {done === "submit" || done === "resubmit" ? (
          <p className="yx-success" role="status">{done === "resubmit" ? t("fixedPoints.resubmitted") : t("fixedPoints.submitted")}</p>
        ) : null}
        {r && !r.ok ? (
          <p className="yx-alert" role="alert">{r.message}</p>
        ) : null}

        {!d.scheme ? (
          <EmptyState>{t("fixedPoints.noScheme")}</EmptyState>
        ) : item ? (
          <Card title={editing ? t("fixedPoints.form.resubmitHeading", { name: itemName(item.kind) }) : t("fixedPoints.form.heading", { name: itemName(item.kind) })} testId="fixed-point-form">
            <p className="yx-muted">
              {item.yearlyCap != null ? t("fixedPoints.item.cap", { cap: item.yearlyCap, unit }) : t("fixedPoints.item.noCap")} · {chainText(item.approvalChain)}
            </p>
            <Form method="post" className="yx-form-grid yx-fixed-point-form" key={`${item.kind}-${editing?.id ?? ""}`}>
              <input type="hidden" name="intent" value={editing ? "resubmit" : "submit"} />
              <input type="hidden" name="kind" value={item.kind} />
              {editing ? <input type="hidden" name="claimId" value={editing.id} /> : null}
              <Field label={t("fixedPoints.form.level")} error={fieldError("level")}>
                <select name="level" required defaultValue={editing?.level ?? (item.levels.length === 1 ? item.levels[0]!.level : "")}>
                  <option value="" disabled>{t("fixedPoints.form.choose")}</option>
                  {item.levels.map((l) => (
                    <option key={l.level} value={l.level}>
                      {t("fixedPoints.form.levelOption", { level: t(`credits.level.${l.level}` as TMessageKey), value: l.value, unit })}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t("fixedPoints.form.title")} error={fieldError("title")}>
                <input name="title" required maxLength={200} defaultValue={editing?.title} autoComplete="off" />
              </Field>
              <Field label={t("fixedPoints.form.happenedOn")} error={fieldError("happenedOn")}>
                <input name="happenedOn" type="date" required max={d.today} defaultValue={editing?.happenedOn} />
              </Field>
              <Field label={t("fixedPoints.form.description")} error={fieldError("description")}>
                <textarea name="description" required maxLength={1000} rows={3} defaultValue={editing?.description} aria-describedby="fp-desc-hint" />
                <span id="fp-desc-hint" className="yx-muted">{t("fixedPoints.form.descriptionHint")}</span>
              </Field>
              {item.evidence.map((name, i) => (
                <div key={name} className="yx-field" data-testid="evidence-field">
                  <input type="hidden" name={`evidenceLabel.${i}`} value={name} />
                  <FileUpload purpose="creditProof" name={`evidenceFile.${i}`} label={t("fixedPoints.form.evidence", { name })} />
                </div>
              ))}
              {fieldError("evidence") ? <span className="yx-field-error" role="alert">{fieldError("evidence")}</span> : null}
              <div className="yx-form-actions">
                <button type="submit" className="yx-primary" disabled={busy}>{editing ? t("fixedPoints.form.resubmit") : t("fixedPoints.form.submit")}</button>{" "}
                <Link to="?" replace>{t("fixedPoints.form.cancel")}</Link>
              </div>
            </Form>
          </Card>
        ) : (
          <Card title={t("fixedPoints.items")} testId="fixed-point-items">
            <p className="yx-muted">{t("fixedPoints.scheme", { name: d.scheme.name, version: d.scheme.version })}</p>
            {d.items.length === 0 ? (
              <EmptyState>{t("fixedPoints.noItems")}</EmptyState>
            ) : (
              <ul className="yx-fixed-point-items">
                {d.items.map((i) => (
                  <li key={i.kind} data-testid="fixed-point-item" data-kind={i.kind}>
                    <strong>{itemName(i.kind)}</strong>
                    <div className="yx-muted">
                      {i.levels.map((l) => `${t(`credits.level.${l.level}` as TMessageKey)} ${l.value}`).join(" · ")} {unit}
                      {" · "}
                      {i.yearlyCap != null ? t("fixedPoints.item.cap", { cap: i.yearlyCap, unit }) : t("fixedPoints.item.noCap")}
                    </div>
                    <div className="yx-muted">{t("fixedPoints.item.evidence", { evidence: i.evidence.join("、") })} · {chainText(i.approvalChain)}</div>
                    <Link to={`?kind=${i.kind}`} className="yx-button" data-testid="fixed-point-apply">
                      {t("fixedPoints.item.apply", { name: itemName(i.kind) })}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        )}

        <Card title={t("fixedPoints.mine")} testId="my-fixed-point-claims">
          {d.claims.length === 0 ? (
            <EmptyState>{t("fixedPoints.mineEmpty")}</EmptyState>
          ) : (
            <ul className="yx-claims">
              {d.claims.map((c) => (
                <li key={c.id} className="yx-claim" data-testid="my-claim" data-status={c.status}>
                  <div className="yx-claim-head">
                    <strong>{t("credits.ledger.fixedPointTitle", { item: itemName(c.kind), title: c.title })}</strong>{" "}
                    <span className={`yx-badge yx-claim-${c.status}`}>{t(`fixedPoints.status.${c.status}`)}</span>
                  </div>
                  <div className="yx-muted">
                    {c.happenedOn} · {t(`credits.level.${c.level}` as TMessageKey)} · {t("fixedPoints.value", { value: c.value, unit: unitLabel[c.unit] })}
                    {c.round > 1 ? ` · ${t("fixedPoints.round", { round: c.round })}` : null}
                  </div>
                  <ClaimSteps claim={c} />
                  {c.status !== "pending" && c.status !== "approved" && c.lastReason ? <p className="yx-warning">{t("fixedPoints.reason", { reason: c.lastReason })}</p> : null}
                  {c.status === "returned" ? (
                    <Link to={`?edit=${c.id}`} className="yx-button" data-testid="claim-edit">
                      {t("fixedPoints.edit")}
                    </Link>
                  ) : null}
                  <details>
                    <summary>{t("fixedPoints.trail")}</summary>
                    <ClaimTrail trail={c.trail} />
                  </details>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </LearnerShell>
  );
}

const itemName = (kind: string) => t(`credits.fixedPoint.${kind}` as TMessageKey);
const chainText = (chain: readonly string[]) => t("fixedPoints.item.chain", { chain: chain.map((l) => t(`fixedPoints.level.${l}` as TMessageKey)).join(" → ") });

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
