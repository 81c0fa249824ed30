import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { studioTabs, type TStudioTab } from "@yanxiu/domain/studios";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";
import { Board } from "../components/studios/board.tsx";
import { Library } from "../components/studios/library.tsx";
import { Members } from "../components/studios/members.tsx";
import { Outputs } from "../components/studios/outputs.tsx";
import { Overview } from "../components/studios/overview.tsx";
import { Plan } from "../components/studios/plan.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { chinaLocalDateTime } from "../lib/china-time.ts";
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


export const ErrorBoundary = LearningErrorBoundary;
