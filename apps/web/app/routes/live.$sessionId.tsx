import { Link, useActionData, useLoaderData, useNavigation, useRevalidator, type MetaFunction } from "@remix-run/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import liveStyles from "@yanxiu/ui/live.css?url";
import { useCallback } from "react";
import { t } from "@yanxiu/ui/i18n";
import { CoTeachingPanel, CoTeachingRecordCard } from "../components/live/coteaching.tsx";
import { LiveInvites } from "../components/live/invites.tsx";
import { LiveRecord } from "../components/live/record.tsx";
import { LiveRecordDocs } from "../components/live/record-docs.tsx";
import { RecordSummary } from "../components/live/record-summary.tsx";
import { LiveRoom } from "../components/live/room.tsx";
import { SessionFactsWhen } from "../components/live/session-when.tsx";
import { LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";
import { runIntent } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/**
 * GET /live/:sessionId — the live room (or, once the session has ended, its record). Only whoever may
 * attend gets the page; anyone else, and any other province, gets 404. The room itself runs over the
 * realtime service, on its own port of the same host.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const page = await load(context.services.live.liveSessionPage({ actor, sessionId: params.sessionId ?? "" }));
  // The record's documents; `?version=<id>` opens one saved version.
  const versionId = new URL(request.url).searchParams.get("version");
  const docs = page.record ? await load(context.services.live.liveSessionDocs({ actor, sessionId: page.session.id, versionId })) : null;
  // A 双师 session's record per classroom, for its lecturer (assistants see the room's record).
  const coRecord = page.record && page.session.kind === "coTeaching" && page.role !== "participant" ? await load(context.services.coteaching.coTeachingRecord({ actor, sessionId: page.session.id })) : null;
  // STUN/TURN for the room's audio/video; none configured means host candidates only (one machine or LAN).
  return { shell, page, docs, coRecord, realtimePort: context.realtimePort, iceServers: context.iceServers };
}

/** The host's and co-hosts' guest list: invite by account or 教师编号, take an invitation back. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const { intent, ...f } = await readForm(request);
  const sessionId = params.sessionId ?? "";
  if (intent === "invite") return runIntent("invite", () => context.services.live.inviteToLiveSession({ actor, input: { sessionId, login: f.login } }));
  if (intent === "revokeInvite") return runIntent("revokeInvite", () => context.services.live.revokeLiveInvite({ actor, input: { sessionId, userId: f.userId } }));
  fail("badRequest");
}

/** The room's stage layout (the room and its record only). */
export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.page.session.title ?? t("live.title")} · ${t("app.name")}` }];

export default function LiveSessionPage() {
  const { shell, page, docs, coRecord, realtimePort, iceServers } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const s = page.session;
  // When the host ends the session, the page re-reads its data and shows the record instead of the room.
  const onEnded = useCallback(() => revalidator.revalidate(), [revalidator]);
  const back = page.studio ? (
    <Link to={`/studios/${page.studio.id}/plan`} className="yx-live-back">
      {t("live.backToStudio", { name: page.studio.name })}
    </Link>
  ) : null;
  if (page.record) {
    return (
      <LearnerShell shell={shell}>
        <div className="yx-stack">
          {back ? <p>{back}</p> : null}
          <h1 data-testid="live-title">{s.title}</h1>
          <RecordSummary page={page} record={page.record} />
          <LiveRecord record={page.record} attendanceHref={page.role === "participant" ? undefined : `/live/${s.id}/attendance.xlsx`} />
          {docs ? <LiveRecordDocs docs={docs} /> : null}
          {coRecord ? <CoTeachingRecordCard record={coRecord} /> : null}
        </div>
      </LearnerShell>
    );
  }
  // The room: no page tabs above it, so that it fits the window (the frame's menu is there).
  const coTeaching = s.kind === "coTeaching";
  return (
    <div className="yx-page yx-live-page">
      <header className="yx-live-head">
        <h1 data-testid="live-title">{s.title}</h1>
        <p className="yx-muted">
          {t("live.facts.host", { name: page.hostName })} · <SessionFactsWhen session={s} />
          {page.activityTitle ? <> · {t("live.facts.activity", { title: page.activityTitle })}</> : null}
          {back ? <> · {back}</> : null}
        </p>
      </header>
      <LiveRoom
        key={s.id}
        sessionId={s.id}
        realtimePort={realtimePort}
        iceServers={iceServers}
        onEnded={onEnded}
        invites={page.invites ? <LiveInvites invites={page.invites} result={result} busy={busy} /> : undefined}
        sideTab={coTeaching ? { key: "coteaching", label: page.role === "participant" ? t("live.side.myClass") : t("live.side.classrooms"), content: <CoTeachingPanel sessionId={s.id} /> } : null}
      />
    </div>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
