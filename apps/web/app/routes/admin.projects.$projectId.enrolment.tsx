import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Tag } from "antd";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { iso } from "../lib/iso.ts";
import { ActionBanner } from "../components/projects/action-banner.tsx";
import { CancelClass, ClassScreening } from "../components/projects/class-screening.tsx";
import { RouteErrorBoundary } from "../components/route-error.tsx";

/**
 * 两轮报名 (decision 035): the rounds and the classes on offer with 班额 and 开班最低人数 (the owner's managers), each
 * class's applicants against them, 筛选 of oversubscribed classes (managers and the implementing unit) and 取消开班
 * of undersubscribed ones (managers), once round 1 has closed.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const d = await load(context.services.projects.roundsPage({ actor, query: { projectId: params.projectId } }));
  return { ...d, classes: d.classes.map((c) => ({ ...c, people: c.people.map((p) => ({ ...p, appliedAt: iso(p.appliedAt) ?? "" })) })) };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const f = await readForm(request);
  const s = context.services.projects;
  const projectId = params.projectId;
  const { intent, ...rest } = f;
  switch (intent) {
    case "rounds":
      return runIntent("rounds", () => s.setRounds({ actor, input: { projectId, ...rest } }));
    case "offer":
      return runIntent("offer", () => s.saveClassOffer({ actor, input: { projectId, ...rest } }));
    case "screen":
      return runIntent("screen", () => s.screenClass({ actor, input: { classId: f.classId, mode: "chosen", admit: f.admit, reason: f.reason } }));
    case "screenByOrder":
      return runIntent("screen", () => s.screenClass({ actor, input: { classId: f.classId, mode: "byOrder", reason: f.reason } }));
    case "cancel":
      return runIntent("cancel", () => s.cancelClass({ actor, input: { classId: f.classId, confirm: f.confirm } }));
  }
  fail("badRequest");
}

const statusColor: Record<string, string> = { over: "warning", under: "error", ok: "success", cancelled: "default" };

export default function EnrolmentRounds() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  // The reason a refusal names (该班已满, 只能取消…) says more than its code's generic text.
  const shown = r && !r.ok ? { ...r, message: Object.values(r.fieldErrors ?? {})[0]?.[0] ?? r.message } : r;
  const rd = d.rounds;
  return (
    <div className="yx-stack">
      <ActionBanner r={shown} done={(i) => `projects.rounds.done.${i}` as TMessageKey} />
      <p className="yx-muted">{t("projects.rounds.intro")}</p>
      {!d.manages ? <p className="yx-muted">{t("projects.rounds.readOnly")}</p> : null}
      <Card title={t("projects.rounds.settings")}>
        {d.phase ? (
          <p data-testid="rounds-phase">
            <Tag color="processing">{t("projects.rounds.phaseNow", { phase: t(`projects.rounds.phase.${d.phase}` as TMessageKey) })}</Tag>
          </p>
        ) : null}
        {d.manages ? (
          <Form method="post" className="yx-stack" data-testid="rounds-form">
            <input type="hidden" name="intent" value="rounds" />
            <label>
              <input type="checkbox" name="twoRound" defaultChecked={d.twoRound} /> {t("projects.rounds.twoRound")}
            </label>
            <fieldset className="yx-inline-form">
              <legend>{t("projects.rounds.round1")}</legend>
              <DayField name="round1Opens" label={t("projects.rounds.opens")} value={rd?.round1Opens} />
              <DayField name="round1Closes" label={t("projects.rounds.closes")} value={rd?.round1Closes} />
            </fieldset>
            <fieldset className="yx-inline-form">
              <legend>{t("projects.rounds.round2")}</legend>
              <DayField name="round2Opens" label={t("projects.rounds.opens")} value={rd?.round2Opens} />
              <DayField name="round2Closes" label={t("projects.rounds.closes")} value={rd?.round2Closes} />
            </fieldset>
            <p>
              <button type="submit" className="yx-primary" disabled={busy}>
                {t("projects.rounds.save")}
              </button>
            </p>
          </Form>
        ) : rd ? (
          <dl className="yx-facts">
            <dt>{t("projects.rounds.round1")}</dt>
            <dd>{t("projects.rounds.dates", { from: rd.round1Opens, to: rd.round1Closes })}</dd>
            <dt>{t("projects.rounds.round2")}</dt>
            <dd>{t("projects.rounds.dates", { from: rd.round2Opens, to: rd.round2Closes })}</dd>
          </dl>
        ) : (
          <p className="yx-muted">{t("projects.rounds.off")}</p>
        )}
      </Card>
      <Card title={t("projects.rounds.classes")}>
        {d.classes.length === 0 ? (
          <EmptyState>{t("projects.rounds.noClasses")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="round-classes">
              <thead>
                <tr>
                  <th scope="col">{t("projects.rounds.col.name")}</th>
                  <th scope="col">{t("projects.rounds.col.cap")}</th>
                  <th scope="col">{t("projects.rounds.col.min")}</th>
                  <th scope="col">{t("projects.rounds.col.applicants")}</th>
                  <th scope="col">{t("projects.rounds.col.status")}</th>
                  {d.manages ? <th scope="col" /> : null}
                </tr>
              </thead>
              <tbody>
                {d.classes.map((c) => (
                  <tr key={c.id} data-testid="round-class">
                    <th scope="row">
                      {c.name}
                      {c.subject ? <span className="yx-muted">（{c.subject}）</span> : null}
                    </th>
                    <td>{c.cap ?? "—"}</td>
                    <td>{c.minSize ?? "—"}</td>
                    <td>{c.applicants}</td>
                    <td>
                      {c.subscription ? (
                        <Tag color={statusColor[c.subscription]}>
                          {t(`projects.rounds.status.${c.subscription}` as TMessageKey, { n: c.applicants - (c.cap ?? 0) })}
                        </Tag>
                      ) : null}
                      {c.subscription && c.subscription !== "cancelled" ? <span className="yx-muted">{t("projects.rounds.seatsLeft", { n: c.seatsLeft })}</span> : null}
                    </td>
                    {d.manages ? (
                      <td>
                        {!c.cancelled ? (
                          <details>
                            <summary>{t("projects.rounds.edit")}</summary>
                            <OfferForm c={c} busy={busy} />
                          </details>
                        ) : null}
                        {d.canScreen && c.subscription === "under" ? <CancelClass c={c} busy={busy} /> : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
        {d.manages ? (
          <details>
            <summary>{t("projects.rounds.addClass")}</summary>
            {/* Keyed by the count, so a class added leaves an empty form for the next. */}
            <OfferForm key={d.classes.length} busy={busy} />
          </details>
        ) : null}
      </Card>
      {d.canScreen ? d.classes.filter((c) => c.subscription === "over").map((c) => <ClassScreening key={c.id} c={c} busy={busy} />) : null}
    </div>
  );
}

function DayField({ name, label, value }: { name: string; label: string; value: string | undefined }) {
  return (
    <label>
      {label} <input type="date" name={name} defaultValue={value ?? ""} />
    </label>
  );
}

function OfferForm({ c, busy }: { c?: { id: string; name: string; subject: string; cap: number | null; minSize: number | null }; busy: boolean }) {
  const id = c?.id ?? "new";
  return (
    <Form method="post" className="yx-inline-form" data-testid="offer-form">
      <input type="hidden" name="intent" value="offer" />
      {c ? <input type="hidden" name="classId" value={c.id} /> : null}
      <label htmlFor={`name-${id}`}>{t("projects.rounds.col.name")}</label>
      <input id={`name-${id}`} name="name" required maxLength={30} defaultValue={c?.name ?? ""} style={{ width: "9em" }} />
      <label htmlFor={`subject-${id}`}>{t("projects.rounds.col.subject")}</label>
      <input id={`subject-${id}`} name="subject" maxLength={20} defaultValue={c?.subject ?? ""} style={{ width: "6em" }} />
      <label htmlFor={`cap-${id}`}>{t("projects.rounds.col.cap")}</label>
      <input id={`cap-${id}`} name="cap" type="number" min={1} max={1000} required defaultValue={c?.cap ?? ""} style={{ width: "5em" }} />
      <label htmlFor={`min-${id}`}>{t("projects.rounds.col.min")}</label>
      <input id={`min-${id}`} name="minSize" type="number" min={0} max={1000} required defaultValue={c?.minSize ?? 0} style={{ width: "5em" }} />
      <button type="submit" disabled={busy}>
        {t("projects.rounds.saveClass")}
      </button>
    </Form>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
