import { Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { formatTime, LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";
import { SessionWhen } from "../components/live/session-when.tsx";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** /my/live — 我的直播: the sessions the signed-in person may attend (studio, course, invitation, their own). */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const sessions = await load(context.services.live.myLiveSessions({ actor }));
  return { shell, sessions };
}

export const meta: MetaFunction = () => [{ title: `${t("liveOps.mine.title")} · ${t("app.name")}` }];

export default function MyLive() {
  const { shell, sessions } = useLoaderData<typeof loader>();
  return (
    <LearnerShell shell={shell}>
      <div className="yx-stack">
        <h1>{t("liveOps.mine.title")}</h1>
        <Card title={t("liveOps.mine.title")} testId="my-live">
          {sessions.length === 0 ? (
            <EmptyState>{t("liveOps.mine.empty")}</EmptyState>
          ) : (
            <ul className="yx-list">
              {sessions.map((x) => (
                <li key={x.id} data-testid="my-live-session" data-status={x.status} data-via={x.via}>
                  <span className={`yx-badge yx-live-status-${x.status}`}>{t(`live.status.${x.status}`)}</span>{" "}
                  <span className="yx-badge">{t(`liveOps.mine.via.${x.via}`)}</span> <strong>{x.title}</strong>
                  {x.studioName ? <span className="yx-muted"> · {x.studioName}</span> : null}{" "}
                  <SessionWhen session={x} planned={t("liveOps.mine.when", { time: formatTime(x.scheduledStart), minutes: x.scheduledMinutes })} />{" "}
                  <Link to={`/live/${x.id}`} data-testid={x.status === "ended" ? "live-record-link" : "live-enter"}>
                    {x.status === "ended" ? t("live.record.open") : t("live.studio.enter")}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
