import { Link, useLoaderData, useRevalidator, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useCallback } from "react";
import { t } from "@yanxiu/ui/i18n";
import { LiveCredit } from "../components/live/credit.tsx";
import { LiveRecord } from "../components/live/record.tsx";
import { LiveRecordDocs } from "../components/live/record-docs.tsx";
import { LiveRoom } from "../components/live/room.tsx";
import { formatTime, LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";
import { load } from "../lib/errors.server.ts";
import { requireLearner } from "../lib/learner.server.ts";

/**
 * GET /live/:sessionId — the live room (or, once the session has ended, its record). Only whoever may
 * attend gets the page; anyone else, and any other province, gets 404. The room itself runs over the
 * realtime service, on its own port of the same host.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, shell } = requireLearner(context, request);
  const page = await load(context.services.live.page({ actor, sessionId: params.sessionId ?? "" }));
  // The record's documents; `?version=<id>` opens one saved version.
  const versionId = new URL(request.url).searchParams.get("version");
  const docs = page.record ? await load(context.services.live.docs({ actor, sessionId: page.session.id, versionId })) : null;
  return { shell, page, docs, realtimePort: context.realtimePort };
}

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.page.session.title ?? t("live.title")} · ${t("app.name")}` }];

export default function LiveSessionPage() {
  const { shell, page, docs, realtimePort } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const s = page.session;
  // When the host ends the session, the page re-reads its data and shows the record instead of the room.
  const onEnded = useCallback(() => revalidator.revalidate(), [revalidator]);
  return (
    <LearnerShell shell={shell}>
      <div className="yx-stack">
        {page.studio ? (
          <p>
            <Link to={`/studios/${page.studio.id}?tab=plan`}>{t("live.backToStudio", { name: page.studio.name })}</Link>
          </p>
        ) : null}
        <h1 data-testid="live-title">{s.title}</h1>
        <p className="yx-muted">
          {t("live.facts.host", { name: page.hostName })} · {t("live.facts.when", { time: formatTime(s.scheduledStart), minutes: s.scheduledMinutes })}
          {page.activityTitle ? <> · {t("live.facts.activity", { title: page.activityTitle })}</> : null}
        </p>
        {page.record ? (
          <>
            <p>
              <span className="yx-badge" data-testid="live-status" data-status="ended">
                {t("live.status.ended")}
              </span>{" "}
              {s.startedAt && s.endedAt ? <span className="yx-muted">{t("live.record.times", { from: formatTime(s.startedAt), to: formatTime(s.endedAt) })}</span> : null}
            </p>
            {page.credit ? <LiveCredit credit={page.credit} /> : null}
            <LiveRecord record={page.record} />
            {docs ? <LiveRecordDocs docs={docs} /> : null}
          </>
        ) : (
          <LiveRoom key={s.id} sessionId={s.id} realtimePort={realtimePort} onEnded={onEnded} />
        )}
      </div>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
