import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useEffect, useState } from "react";
import { suggestedLiveStart } from "@yanxiu/domain/live";
import { activityKinds, outputKinds, studioTabs, type TStudioTab } from "@yanxiu/domain/studios";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { FileUpload } from "../components/file-upload.tsx";
import { formatTime, LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";
import { ScheduleLiveForm } from "../components/live/schedule-form.tsx";
import { SessionWhen } from "../components/live/session-when.tsx";
import { StudioField } from "../components/studios.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { chinaDayAt, chinaLocalDateTime, toChinaLocalInput } from "../lib/china-time.ts";
import { errorFor } from "../lib/authoring.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const sp = new URL(request.url).searchParams;
  const query: Record<string, string> = { studioId: params.studioId ?? "" };
  for (const k of ["tab", "after", "thread", "tag", "kind", "cases"]) {
    const v = sp.get(k)?.trim();
    if (v) query[k] = v;
  }
  const page = await load(context.services.studios.studioPage({ actor, query }));
  // The plan and the overview list the studio's live sessions (null for anyone but its active members).
  const sessions = page.tab === "plan" || page.tab === "overview" ? await load(context.services.live.listStudioSessions({ actor, studioId: page.studio.id })) : null;
  // "Now" for the schedule forms' proposed start, read once here so the server and the browser agree.
  return { shell, ...page, sessions, now: new Date().toISOString() };
}

/** Each form's intent and the service it calls; the studio comes from the URL. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const { intent, ...fields } = await readForm(request);
  const studioId = params.studioId;
  const s = context.services.studios;
  const input = { ...fields, studioId };
  const run = (f: () => Promise<unknown>) => runIntent(String(intent), f);
  switch (intent) {
    case "apply":
      return run(() => s.applyToStudio({ actor, input }));
    case "leave":
      return run(() => s.leaveStudio({ actor, input: { studioId } }));
    case "accept":
    case "decline":
      return run(() => s.answerInvitation({ actor, input: { studioId, answer: intent } }));
    case "approve":
    case "reject":
      return run(() => s.decideApplication({ actor, input: { studioId, userId: fields.userId, decision: intent } }));
    case "invite":
      return run(() => s.inviteToStudio({ actor, input }));
    case "setRole":
      return run(() => s.setMemberRole({ actor, input }));
    case "remove":
      return run(() => s.removeMember({ actor, input }));
    case "saveActivity":
      return run(() => s.saveActivity({ actor, input }));
    case "deleteActivity":
      return run(() => s.deleteActivity({ actor, input }));
    case "addResource":
      return run(() => s.addResource({ actor, input }));
    case "deleteResource":
      return run(() => s.deleteResource({ actor, input }));
    case "post":
      return run(() => s.postToBoard({ actor, input }));
    case "saveOutput":
      return run(() => s.saveOutput({ actor, input }));
    case "deleteOutput":
      return run(() => s.deleteOutput({ actor, input }));
    case "scheduleLive":
      return run(() => context.services.live.createLiveSession({ actor, input: scheduleInput(studioId, fields) }));
  }
  fail("badRequest");
}

/** The schedule form's fields as the live session input (its start is China's wall clock). */
function scheduleInput(studioId: string | undefined, f: Record<string, unknown>) {
  return { studioId, activityId: f.activityId || undefined, title: f.title, scheduledStart: chinaLocalDateTime(f.scheduledStart), scheduledMinutes: f.scheduledMinutes };
}

type TData = ReturnType<typeof useLoaderData<typeof loader>>;

const successKey: Record<string, TMessageKey> = {
  apply: "studios.join.applied",
  leave: "studios.join.left",
  accept: "studios.join.done",
  decline: "studios.join.done",
  approve: "studios.members.approved",
  reject: "studios.members.rejectedDone",
  invite: "studios.members.invited",
  setRole: "studios.members.roleSet",
  remove: "studios.members.removed",
  saveActivity: "studios.plan.saved",
  deleteActivity: "studios.plan.deleted",
  addResource: "studios.library.saved",
  deleteResource: "studios.library.deleted",
  post: "studios.board.posted",
  saveOutput: "studios.outputs.saved",
  deleteOutput: "studios.outputs.deleted",
  scheduleLive: "live.schedule.done",
};

/** A key that changes after each success of `intent`, so the form it keys starts empty again. */
function useFreshKey(result: TActionResult | undefined, intent: string): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    if (result?.ok && result.intent === intent) setN((x) => x + 1);
  }, [result, intent]);
  return n;
}

/** A one-button form, with a confirmation when the action cannot be undone. */
function ActionButton(props: { intent: string; label: string; fields?: Record<string, string>; confirm?: string; danger?: boolean; busy: boolean; testId?: string }) {
  return (
    <Form
      method="post"
      className="yx-inline-form"
      onSubmit={(e) => {
        if (props.confirm && !window.confirm(props.confirm)) e.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={props.intent} />
      {Object.entries(props.fields ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" className={props.danger ? "yx-danger" : "yx-link-button"} disabled={props.busy} data-testid={props.testId}>
        {props.label}
      </button>
    </Form>
  );
}

export default function StudioPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const s = d.studio;
  const tabHref = (tab: TStudioTab) => `/studios/${s.id}${tab === "overview" ? "" : `?tab=${tab}`}`;
  const hasFieldErrors = result && !result.ok && Object.keys(result.fieldErrors).length > 0;
  return (
    <LearnerShell shell={d.shell}>
      <div className="yx-stack">
        <p>
          <Link to="/studios">{t("studios.back")}</Link>
        </p>
        <h1>
          {s.name} {s.status === "archived" ? <span className="yx-badge">{t("studios.archived")}</span> : null}
        </h1>
        {result?.ok ? (
          <p className="yx-success" role="status">
            {t(successKey[result.intent] ?? "studios.join.done")}
          </p>
        ) : result && !hasFieldErrors ? (
          <p className="yx-alert" role="alert">
            {t(errorMessageKey(result.code))}
          </p>
        ) : null}
        <nav className="yx-tabs" aria-label={t("studios.tabs")}>
          {studioTabs.map((tab) => (
            <Link key={tab} to={tabHref(tab)} className={d.tab === tab ? "yx-tab yx-tab-active" : "yx-tab"} aria-current={d.tab === tab ? "page" : undefined} data-testid={`studio-tab-${tab}`}>
              {t(`studios.tab.${tab}`)}
            </Link>
          ))}
        </nav>
        {d.tab === "overview" ? <Overview d={d} result={result} busy={busy} /> : null}
        {d.tab === "plan" ? <Plan d={d} result={result} busy={busy} /> : null}
        {d.tab === "library" ? <Library d={d} result={result} busy={busy} /> : null}
        {d.tab === "board" ? <Board d={d} result={result} busy={busy} /> : null}
        {d.tab === "outputs" ? <Outputs d={d} result={result} busy={busy} /> : null}
        {d.tab === "members" ? <Members d={d} result={result} busy={busy} /> : null}
      </div>
    </LearnerShell>
  );
}

type TTabProps = { d: TData; result: TActionResult | undefined; busy: boolean };

function MembersOnly() {
  return (
    <div data-testid="members-only">
      <EmptyState>{t("studios.membersOnly")}</EmptyState>
    </div>
  );
}

function Overview({ d, result, busy }: TTabProps) {
  const s = d.studio;
  const me = d.me;
  const err = (name: string) => errorFor(result, "apply", name);
  return (
    <>
      <Card title={t("studios.tab.overview")} testId="studio-facts">
        <dl className="yx-facts">
          <dt>{t("studios.facts.host")}</dt>
          <dd>{s.hostName}</dd>
          <dt>{t("studios.facts.subject")}</dt>
          <dd>{s.subject}</dd>
          <dt>{t("studios.facts.stages")}</dt>
          <dd>{s.stages.map((x) => t(`stage.${x}` as TMessageKey)).join("、")}</dd>
          <dt>{t("studios.facts.org")}</dt>
          <dd>{s.orgName}</dd>
          <dt>{t("studios.facts.term")}</dt>
          <dd>{t("studios.facts.termValue", { from: s.termStart, to: s.termEnd })}</dd>
          <dt>{t("studios.facts.members")}</dt>
          <dd>{t("studios.facts.memberCount", { count: s.memberCount })}</dd>
        </dl>
        <h3>{t("studios.facts.description")}</h3>
        <p style={{ whiteSpace: "pre-wrap" }}>{s.description || t("studios.facts.noDescription")}</p>
        {d.perms.editFacts ? <Link to={`/studios/${s.id}/edit`}>{t("studios.edit")}</Link> : null}
      </Card>
      <Card title={t("studios.join.title")} testId="studio-membership">
        {me?.status === "active" ? (
          <>
            <p>{t("studios.join.member", { role: t(`studios.role.${me.role}`) })}</p>
            {d.perms.leave ? (
              <ActionButton intent="leave" label={t("studios.join.leave")} confirm={t("studios.join.confirmLeave", { name: s.name })} danger busy={busy} />
            ) : null}
          </>
        ) : me?.status === "applied" ? (
          <>
            <p data-testid="application-pending">{t("studios.join.pending")}</p>
            {d.perms.leave ? <ActionButton intent="leave" label={t("studios.join.withdraw")} busy={busy} /> : null}
          </>
        ) : me?.status === "invited" && d.perms.answerInvitation ? (
          <>
            <p>{t("studios.join.invited")}</p>
            <div className="yx-inline-form">
              <ActionButton intent="accept" label={t("studios.join.accept")} busy={busy} />
              <ActionButton intent="decline" label={t("studios.join.decline")} busy={busy} />
            </div>
          </>
        ) : d.perms.apply ? (
          <Form method="post" noValidate aria-label={t("studios.join.apply")}>
            <input type="hidden" name="intent" value="apply" />
            {me?.status === "rejected" ? <p className="yx-muted">{t("studios.join.rejected")}</p> : null}
            <StudioField id="apply-note" label={t("studios.join.note")} error={err("note")}>
              {(db) => <textarea id="apply-note" name="note" rows={2} maxLength={500} aria-describedby={db} />}
            </StudioField>
            <button type="submit" className="yx-primary" disabled={busy} data-testid="apply">
              {t("studios.join.apply")}
            </button>
          </Form>
        ) : s.status === "archived" ? (
          <p className="yx-muted">{t("studios.join.closed")}</p>
        ) : null}
        {s.pendingCount > 0 ? (
          <p>
            <Link to={`/studios/${s.id}?tab=members`}>{t("studios.pendingApplications", { count: s.pendingCount })}</Link>
          </p>
        ) : null}
      </Card>
      {d.perms.readMembersOnly ? (
        <Card title={t("studios.nextActivity")}>
          {s.nextActivity ? (
            <p>
              {s.nextActivity.date} · {t(`studios.activity.${s.nextActivity.kind}`)} · {s.nextActivity.title}
            </p>
          ) : (
            <EmptyState>{t("studios.noNextActivity")}</EmptyState>
          )}
        </Card>
      ) : null}
      {d.sessions ? (
        <Card title={t("live.studio.title")} testId="studio-sessions">
          {d.sessions.length === 0 ? <EmptyState>{t("live.studio.empty")}</EmptyState> : <SessionList sessions={d.sessions} />}
        </Card>
      ) : null}
    </>
  );
}

function ActivityForm(props: { result: TActionResult | undefined; busy: boolean; defaults?: { id: string; kind: string; title: string; date: string; description: string; creditHours: string } }) {
  const { defaults: a, result } = props;
  const editing = !!a;
  // An edit form stays quiet: errors show on the add form, which is the one in view.
  const err = (name: string) => (editing ? null : errorFor(result, "saveActivity", name));
  const p = a ? `activity-${a.id}` : "activity-new";
  return (
    <Form method="post" noValidate className="yx-form-grid" aria-label={editing ? t("studios.plan.edit") : t("studios.plan.add")} data-testid={editing ? "activity-edit-form" : "activity-form"}>
      <input type="hidden" name="intent" value="saveActivity" />
      {a ? <input type="hidden" name="activityId" value={a.id} /> : null}
      <StudioField id={`${p}-kind`} label={t("studios.plan.kind")} error={err("kind")}>
        {(db) => (
          <select id={`${p}-kind`} name="kind" defaultValue={a?.kind ?? "lessonPlanning"} aria-describedby={db}>
            {activityKinds.map((k) => (
              <option key={k} value={k}>
                {t(`studios.activity.${k}`)}
              </option>
            ))}
          </select>
        )}
      </StudioField>
      <StudioField id={`${p}-title`} label={t("studios.plan.titleField")} error={err("title")}>
        {(db) => <input id={`${p}-title`} name="title" required maxLength={100} defaultValue={a?.title ?? ""} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-date`} label={t("studios.plan.date")} error={err("date")}>
        {(db) => <input id={`${p}-date`} name="date" type="date" required defaultValue={a?.date ?? ""} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-description`} label={t("studios.plan.description")} error={err("description")}>
        {(db) => <textarea id={`${p}-description`} name="description" rows={2} maxLength={4000} defaultValue={a?.description ?? ""} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-hours`} label={t("studios.plan.creditHours")} error={err("creditHours")}>
        {(db) => <input id={`${p}-hours`} name="creditHours" type="number" min={0} max={20} step={0.5} defaultValue={a ? Number(a.creditHours) : 0} aria-describedby={db} />}
      </StudioField>
      <button type="submit" className="yx-primary" disabled={props.busy}>
        {t("studios.plan.save")}
      </button>
    </Form>
  );
}

type TSession = NonNullable<TData["sessions"]>[number];

/** Sessions with their status and the way in: the room before the end, the record after. */
function SessionList({ sessions }: { sessions: TSession[] }) {
  if (sessions.length === 0) return <span className="yx-muted">{t("live.studio.none")}</span>;
  return (
    <ul className="yx-list">
      {sessions.map((x) => (
        <li key={x.id} data-testid="activity-session" data-status={x.status}>
          <span className={`yx-badge yx-live-status-${x.status}`}>{t(`live.status.${x.status}`)}</span> {x.title}{" "}
          <SessionWhen session={x} />{" "}
          <Link to={`/live/${x.id}`} data-testid={x.status === "ended" ? "live-record-link" : "live-enter"}>
            {x.status === "ended" ? t("live.record.open") : t("live.studio.enter")}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function Plan({ d, result, busy }: TTabProps) {
  const fresh = useFreshKey(result, "saveActivity");
  if (!d.plan) return <MembersOnly />;
  const manage = d.perms.manage;
  return (
    <Card title={t("studios.plan.title")} testId="studio-plan">
      {d.plan.length === 0 ? (
        <EmptyState>{t("studios.plan.empty")}</EmptyState>
      ) : (
        <table className="yx-table">
          <thead>
            <tr>
              <th scope="col">{t("studios.plan.date")}</th>
              <th scope="col">{t("studios.plan.kind")}</th>
              <th scope="col">{t("studios.plan.titleField")}</th>
              <th scope="col">{t("studios.plan.description")}</th>
              <th scope="col">{t("studios.plan.hoursColumn")}</th>
              <th scope="col">{t("live.studio.sessions")}</th>
              {manage ? <th scope="col">{t("studios.members.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {d.plan.map((a) => (
              <tr key={a.id} data-testid="activity-row">
                <td>{a.date}</td>
                <td>{t(`studios.activity.${a.kind}`)}</td>
                <td>{a.title}</td>
                <td style={{ whiteSpace: "pre-wrap" }}>{a.description}</td>
                <td>{Number(a.creditHours) > 0 ? t("studios.plan.hoursValue", { hours: Number(a.creditHours) }) : "—"}</td>
                <td>
                  <SessionList sessions={(d.sessions ?? []).filter((x) => x.activityId === a.id)} />
                </td>
                {manage ? (
                  <td>
                    <details>
                      <summary>{t("live.schedule.title")}</summary>
                      <ScheduleLiveForm
                        idPrefix={`live-${a.id}`}
                        label={t("live.schedule.for", { title: a.title })}
                        hidden={{ activityId: a.id }}
                        defaults={{
                          title: a.title,
                          // The activity's evening while it is ahead; for a day gone by, the next half hour.
                          start: toChinaLocalInput(suggestedLiveStart(chinaDayAt(a.date, "19:00"), new Date(d.now))),
                          earliest: toChinaLocalInput(d.now),
                          minutes: 90,
                        }}
                        result={result}
                        busy={busy}
                      />
                    </details>
                    <details>
                      <summary>{t("studios.plan.edit")}</summary>
                      <ActivityForm result={result} busy={busy} defaults={a} />
                    </details>
                    <ActionButton intent="deleteActivity" label={t("studios.plan.delete")} fields={{ activityId: a.id }} confirm={t("studios.plan.confirmDelete", { title: a.title })} danger busy={busy} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage ? (
        <>
          <h3>{t("studios.plan.add")}</h3>
          <ActivityForm key={fresh} result={result} busy={busy} />
        </>
      ) : null}
    </Card>
  );
}

function Library({ d, result, busy }: TTabProps) {
  const fresh = useFreshKey(result, "addResource");
  const [params] = useSearchParams();
  const lib = d.library;
  if (!lib) return <MembersOnly />;
  const err = (name: string) => errorFor(result, "addResource", name);
  const manage = d.perms.manage;
  return (
    <>
      {lib.membersOnlyHidden ? <p className="yx-muted">{t("studios.library.sharedOnly")}</p> : null}
      <Card title={t("studios.library.filters")}>
        <Form method="get" className="yx-filters" aria-label={t("studios.library.filters")}>
          <input type="hidden" name="tab" value="library" />
          <label>
            {t("studios.library.tag")}
            <select name="tag" defaultValue={params.get("tag") ?? ""}>
              <option value="">{t("studios.list.any")}</option>
              {lib.tags.map((tag) => (
                <option key={tag} value={tag}>
                  {tag}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("studios.library.kind")}
            <select name="kind" defaultValue={params.get("kind") ?? ""}>
              <option value="">{t("studios.list.any")}</option>
              <option value="document">{t("studios.library.kind.document")}</option>
              <option value="video">{t("studios.library.kind.video")}</option>
            </select>
          </label>
          <label className="yx-check">
            <input type="checkbox" name="cases" value="1" defaultChecked={params.get("cases") === "1"} /> {t("studios.library.casesOnly")}
          </label>
          <button type="submit" className="yx-primary">
            {t("studios.library.filter")}
          </button>
          <Link to={`/studios/${d.studio.id}?tab=library`}>{t("studios.library.reset")}</Link>
        </Form>
      </Card>
      <Card title={t("studios.library.title")} testId="studio-library">
        {lib.items.length === 0 ? (
          <EmptyState>{t("studios.library.empty")}</EmptyState>
        ) : (
          <ul className="yx-stack" style={{ listStyle: "none", padding: 0 }}>
            {lib.items.map((r) => (
              <li key={r.id} data-testid="resource-row">
                <a href={`/files/${r.fileId}`} target="_blank" rel="noreferrer">
                  {r.title}
                </a>{" "}
                <span className="yx-learning-kind">{t(`studios.library.kind.${r.kind}`)}</span> {r.isCase ? <span className="yx-badge">{t("studios.library.case")}</span> : null}{" "}
                {r.visibility === "tenant" ? <span className="yx-badge">{t("studios.library.shared")}</span> : null}
                <div className="yx-muted">
                  {r.tags.map((tag) => `#${tag}`).join(" ")} {t("studios.library.uploadedBy", { name: r.uploaderName })} · {formatTime(String(r.createdAt))}
                </div>
                {manage ? (
                  <ActionButton intent="deleteResource" label={t("studios.library.delete")} fields={{ resourceId: r.id }} confirm={t("studios.library.confirmDelete", { title: r.title })} danger busy={busy} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {manage ? (
        <Card title={t("studios.library.add")}>
          <Form key={fresh} method="post" noValidate aria-label={t("studios.library.add")} data-testid="resource-form">
            <input type="hidden" name="intent" value="addResource" />
            <FileUpload purpose="studioResource" name="fileId" label={t("studios.library.file")} />
            {err("fileId") ? <span className="yx-field-error" role="alert">{err("fileId")}</span> : null}
            <StudioField id="resource-title" label={t("studios.library.titleField")} error={err("title")}>
              {(db) => <input id="resource-title" name="title" required maxLength={100} aria-describedby={db} />}
            </StudioField>
            <StudioField id="resource-tags" label={t("studios.library.tags")} error={err("tags")}>
              {(db) => <input id="resource-tags" name="tags" maxLength={250} aria-describedby={db} />}
            </StudioField>
            <label className="yx-check">
              <input type="checkbox" name="isCase" value="1" /> {t("studios.library.isCase")}
            </label>
            <StudioField id="resource-visibility" label={t("studios.library.visibility")} error={err("visibility")}>
              {(db) => (
                <select id="resource-visibility" name="visibility" defaultValue="members" aria-describedby={db}>
                  <option value="members">{t("studios.library.visibility.members")}</option>
                  <option value="tenant">{t("studios.library.visibility.tenant")}</option>
                </select>
              )}
            </StudioField>
            <button type="submit" className="yx-primary" disabled={busy}>
              {t("studios.library.save")}
            </button>
          </Form>
        </Card>
      ) : null}
    </>
  );
}

function Board({ d, result, busy }: TTabProps) {
  const fresh = useFreshKey(result, "post");
  const err = (name: string) => errorFor(result, "post", name);
  const base = `/studios/${d.studio.id}?tab=board`;
  if (d.thread) {
    const th = d.thread;
    return (
      <Card title={th.thread.title} testId="studio-thread">
        <p>
          <Link to={base}>{t("studios.board.back")}</Link>
        </p>
        <p style={{ whiteSpace: "pre-wrap" }}>{th.thread.body}</p>
        <p className="yx-muted">{t("studios.board.by", { name: th.thread.authorName, time: formatTime(String(th.thread.createdAt)) })}</p>
        {th.replies.length === 0 ? (
          <EmptyState>{t("studios.board.noReplies")}</EmptyState>
        ) : (
          <ol className="yx-stack">
            {th.replies.map((r) => (
              <li key={r.id} data-testid="reply">
                <p style={{ whiteSpace: "pre-wrap", margin: 0 }}>{r.body}</p>
                <span className="yx-muted">{t("studios.board.by", { name: r.authorName, time: formatTime(String(r.createdAt)) })}</span>
              </li>
            ))}
          </ol>
        )}
        {th.next ? (
          <nav className="yx-pager" aria-label={t("common.pagination")}>
            <Link to={`${base}&thread=${th.thread.id}&after=${th.next}`} rel="next">
              {t("studios.board.moreReplies")}
            </Link>
          </nav>
        ) : null}
        {d.perms.post ? (
          <Form key={fresh} method="post" noValidate aria-label={t("studios.board.reply")}>
            <input type="hidden" name="intent" value="post" />
            <input type="hidden" name="parentId" value={th.thread.id} />
            <StudioField id="reply-body" label={t("studios.board.replyBody")} error={err("body")}>
              {(db) => <textarea id="reply-body" name="body" rows={3} maxLength={4000} required aria-describedby={db} />}
            </StudioField>
            <button type="submit" className="yx-primary" disabled={busy}>
              {t("studios.board.reply")}
            </button>
          </Form>
        ) : null}
      </Card>
    );
  }
  if (!d.board) return <MembersOnly />;
  return (
    <>
      <Card title={t("studios.board.title")} testId="studio-board">
        {d.board.items.length === 0 ? (
          <EmptyState>{t("studios.board.empty")}</EmptyState>
        ) : (
          <ul className="yx-stack" style={{ listStyle: "none", padding: 0 }}>
            {d.board.items.map((th) => (
              <li key={th.id} data-testid="thread-row">
                <Link to={`${base}&thread=${th.id}`}>{th.title}</Link> <span className="yx-muted">{t("studios.board.replies", { count: th.replies })}</span>
                <div className="yx-muted">{t("studios.board.by", { name: th.authorName, time: formatTime(String(th.createdAt)) })}</div>
              </li>
            ))}
          </ul>
        )}
        <nav className="yx-pager" aria-label={t("common.pagination")}>
          {d.board.next ? (
            <Link to={`${base}&after=${d.board.next}`} rel="next">
              {t("studios.board.morePosts")}
            </Link>
          ) : null}
        </nav>
      </Card>
      {d.perms.post ? (
        <Card title={t("studios.board.new")}>
          <Form key={fresh} method="post" noValidate aria-label={t("studios.board.new")} data-testid="thread-form">
            <input type="hidden" name="intent" value="post" />
            <StudioField id="thread-title" label={t("studios.board.titleField")} error={err("title")}>
              {(db) => <input id="thread-title" name="title" maxLength={100} required aria-describedby={db} />}
            </StudioField>
            <StudioField id="thread-body" label={t("studios.board.body")} error={err("body")}>
              {(db) => <textarea id="thread-body" name="body" rows={4} maxLength={4000} required aria-describedby={db} />}
            </StudioField>
            <button type="submit" className="yx-primary" disabled={busy}>
              {t("studios.board.post")}
            </button>
          </Form>
        </Card>
      ) : d.studio.status === "archived" ? (
        <p className="yx-muted">{t("studios.board.readOnly")}</p>
      ) : null}
    </>
  );
}

function OutputForm(props: { result: TActionResult | undefined; busy: boolean; activities: { id: string; title: string; date: string }[]; defaults?: { id: string; kind: string; title: string; description: string; authors: string; fileId: string | null; fileName: string | null; activityId: string | null } }) {
  const o = props.defaults;
  const err = (name: string) => (o ? null : errorFor(props.result, "saveOutput", name));
  const p = o ? `output-${o.id}` : "output-new";
  return (
    <Form method="post" noValidate aria-label={o ? t("studios.outputs.edit") : t("studios.outputs.add")} data-testid={o ? "output-edit-form" : "output-form"}>
      <input type="hidden" name="intent" value="saveOutput" />
      {o ? <input type="hidden" name="outputId" value={o.id} /> : null}
      <StudioField id={`${p}-kind`} label={t("studios.outputs.kind")} error={err("kind")}>
        {(db) => (
          <select id={`${p}-kind`} name="kind" defaultValue={o?.kind ?? "lessonPlan"} aria-describedby={db}>
            {outputKinds.map((k) => (
              <option key={k} value={k}>
                {t(`studios.output.${k}`)}
              </option>
            ))}
          </select>
        )}
      </StudioField>
      <StudioField id={`${p}-title`} label={t("studios.outputs.titleField")} error={err("title")}>
        {(db) => <input id={`${p}-title`} name="title" required maxLength={100} defaultValue={o?.title ?? ""} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-authors`} label={t("studios.outputs.authors")} error={err("authors")}>
        {(db) => <input id={`${p}-authors`} name="authors" maxLength={200} defaultValue={o?.authors ?? ""} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-description`} label={t("studios.outputs.description")} error={err("description")}>
        {(db) => <textarea id={`${p}-description`} name="description" rows={3} maxLength={4000} defaultValue={o?.description ?? ""} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-activity`} label={t("studios.outputs.activity")} error={err("activityId")}>
        {(db) => (
          <select id={`${p}-activity`} name="activityId" defaultValue={o?.activityId ?? ""} aria-describedby={db}>
            <option value="">{t("studios.outputs.noActivity")}</option>
            {props.activities.map((a) => (
              <option key={a.id} value={a.id}>
                {a.date} {a.title}
              </option>
            ))}
          </select>
        )}
      </StudioField>
      <FileUpload
        purpose="studioResource"
        name="fileId"
        label={t("studios.outputs.file")}
        defaultFile={o?.fileId ? { id: o.fileId, originalName: o.fileName ?? "", mime: "", size: 0, durationSeconds: null } : null}
      />
      {err("fileId") ? <span className="yx-field-error" role="alert">{err("fileId")}</span> : null}
      <button type="submit" className="yx-primary" disabled={props.busy}>
        {t("studios.outputs.save")}
      </button>
    </Form>
  );
}

function Outputs({ d, result, busy }: TTabProps) {
  const fresh = useFreshKey(result, "saveOutput");
  if (!d.outputs) return <MembersOnly />;
  const manage = d.perms.manage;
  const activities = d.activities ?? [];
  return (
    <>
      <Card title={t("studios.outputs.title")} testId="studio-outputs">
        {d.outputs.length === 0 ? (
          <EmptyState>{t("studios.outputs.empty")}</EmptyState>
        ) : (
          <ul className="yx-stack" style={{ listStyle: "none", padding: 0 }}>
            {d.outputs.map((o) => (
              <li key={o.id} data-testid="output-row">
                <strong>{o.title}</strong> <span className="yx-learning-kind">{t(`studios.output.${o.kind}`)}</span>
                {o.fileId ? (
                  <>
                    {" "}
                    <a href={`/files/${o.fileId}`} target="_blank" rel="noreferrer">
                      {o.fileName}
                    </a>
                  </>
                ) : null}
                {o.authors ? <div className="yx-muted">{t("studios.outputs.byAuthors", { authors: o.authors })}</div> : null}
                {o.activityTitle ? <div className="yx-muted">{t("studios.outputs.fromActivity", { title: o.activityTitle })}</div> : null}
                {o.description ? <p style={{ whiteSpace: "pre-wrap" }}>{o.description}</p> : null}
                {manage ? (
                  <>
                    <details>
                      <summary>{t("studios.outputs.edit")}</summary>
                      <OutputForm result={result} busy={busy} activities={activities} defaults={o} />
                    </details>
                    <ActionButton intent="deleteOutput" label={t("studios.outputs.delete")} fields={{ outputId: o.id }} confirm={t("studios.outputs.confirmDelete", { title: o.title })} danger busy={busy} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {manage ? (
        <Card title={t("studios.outputs.add")}>
          <OutputForm key={fresh} result={result} busy={busy} activities={activities} />
        </Card>
      ) : null}
    </>
  );
}

function Members({ d, result, busy }: TTabProps) {
  const fresh = useFreshKey(result, "invite");
  const m = d.members;
  if (!m) return <MembersOnly />;
  const manage = d.perms.manage;
  return (
    <>
      <Card title={t("studios.members.title")} testId="studio-members">
        <table className="yx-table">
          <thead>
            <tr>
              <th scope="col">{t("studios.members.name")}</th>
              <th scope="col">{t("studios.members.school")}</th>
              <th scope="col">{t("studios.members.role")}</th>
              {manage ? <th scope="col">{t("studios.members.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {m.active.map((x) => (
              <tr key={x.userId} data-testid="member-row">
                <td>{x.name}</td>
                <td>{x.schoolName ?? ""}</td>
                <td>{t(`studios.role.${x.role}`)}</td>
                {manage ? (
                  <td>
                    {x.role !== "host" && d.perms.setRoles ? (
                      <ActionButton
                        intent="setRole"
                        label={x.role === "coHost" ? t("studios.members.makeMember") : t("studios.members.makeCoHost")}
                        fields={{ userId: x.userId, role: x.role === "coHost" ? "member" : "coHost" }}
                        busy={busy}
                      />
                    ) : null}
                    {x.role !== "host" ? (
                      <ActionButton intent="remove" label={t("studios.members.remove")} fields={{ userId: x.userId }} confirm={t("studios.members.confirmRemove", { name: x.name })} danger busy={busy} />
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      {manage ? (
        <>
          <Card title={t("studios.members.applications")} testId="studio-applications">
            {m.applied.length === 0 ? (
              <EmptyState>{t("studios.members.noApplications")}</EmptyState>
            ) : (
              <ul className="yx-stack" style={{ listStyle: "none", padding: 0 }}>
                {m.applied.map((x) => (
                  <li key={x.userId} data-testid="application-row">
                    <strong>{x.name}</strong> <span className="yx-muted">{x.schoolName ?? x.login}</span>
                    {x.note ? <p style={{ whiteSpace: "pre-wrap", margin: "4px 0" }}>{x.note}</p> : null}
                    <div className="yx-inline-form">
                      <ActionButton intent="approve" label={t("studios.members.approve")} fields={{ userId: x.userId }} busy={busy} testId="approve" />
                      <ActionButton intent="reject" label={t("studios.members.reject")} fields={{ userId: x.userId }} confirm={t("studios.members.confirmReject", { name: x.name })} danger busy={busy} />
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title={t("studios.members.invite")}>
            {m.invited.length > 0 ? (
              <>
                <h3>{t("studios.members.invitations")}</h3>
                <ul>
                  {m.invited.map((x) => (
                    <li key={x.userId}>
                      {x.name} <span className="yx-muted">{x.schoolName ?? x.login}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <Form key={fresh} method="post" noValidate className="yx-inline-form" aria-label={t("studios.members.invite")}>
              <input type="hidden" name="intent" value="invite" />
              <StudioField id="invite-login" label={t("studios.members.inviteLogin")} error={errorFor(result, "invite", "login")}>
                {(db) => <input id="invite-login" name="login" required maxLength={64} aria-describedby={db} />}
              </StudioField>
              <button type="submit" className="yx-primary" disabled={busy} style={{ width: "auto" }}>
                {t("studios.members.inviteSend")}
              </button>
            </Form>
          </Card>
        </>
      ) : null}
    </>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
