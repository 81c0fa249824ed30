import { Link, useActionData, useLoaderData, useNavigation, useRevalidator, type MetaFunction } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useCallback } from "react";
import { t } from "@yanxiu/ui/i18n";
import { CoTeachingPanel, CoTeachingRecordCard } from "../components/live/coteaching.tsx";
import { LiveCredit } from "../components/live/credit.tsx";
import { LiveInvites } from "../components/live/invites.tsx";
import { LiveRecord } from "../components/live/record.tsx";
import { LiveRecordDocs } from "../components/live/record-docs.tsx";
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

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.page.session.title ?? t("live.title")} · ${t("app.name")}` }];

export default function LiveSessionPage() {
  const { shell, page, docs, coRecord, realtimePort, iceServers } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const s = page.session;
  // When the host ends the session, the page re-reads its data and shows the record instead of the room.
  const onEnded = useCallback(() => revalidator.revalidate(), [revalidator]);
  return (
    <LearnerShell shell={shell}>
      <div className="yx-stack">
        {page.studio ? (
          <p>
            <Link to={`/studios/${page.studio.id}/plan`}>{t("live.backToStudio", { name: page.studio.name })}</Link>
          </p>
        ) : null}
        <h1 data-testid="live-title">{s.title}</h1>
        <p className="yx-muted">
          {t("live.facts.host", { name: page.hostName })} · <SessionFactsWhen session={s} />
          {page.activityTitle ? <> · {t("live.facts.activity", { title: page.activityTitle })}</> : null}
        </p>
        {page.record ? (
          <>
            <p>
              <span className="yx-badge" data-testid="live-status" data-status="ended">
                {t("live.status.ended")}
              </span>
            </p>
            {page.credit ? <LiveCredit credit={page.credit} /> : null}
            <LiveRecord record={page.record} attendanceHref={page.role === "participant" ? undefined : `/live/${s.id}/attendance.xlsx`} />
            {docs ? <LiveRecordDocs docs={docs} /> : null}
          </>
        ) : (
          <LiveRoom key={s.id} sessionId={s.id} realtimePort={realtimePort} iceServers={iceServers} onEnded={onEnded} />
        )}
        {s.kind === "coTeaching" && !page.record ? <CoTeachingPanel sessionId={s.id} /> : null}
        {coRecord ? <CoTeachingRecordCard record={coRecord} /> : null}
        {page.invites && !page.record ? <LiveInvites invites={page.invites} result={result} busy={busy} /> : null}
      </div>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
