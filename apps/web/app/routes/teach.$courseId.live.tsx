import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { suggestedLiveStart } from "@yanxiu/domain/live";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { ClassPage } from "../components/class-page.tsx";
import { ScheduleLiveForm } from "../components/live/schedule-form.tsx";
import { SessionItem } from "../components/live/session-when.tsx";
import { formatTime } from "../components/learning/shell.tsx";
import { runIntent } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { toLocalInput } from "@yanxiu/domain/authoring-form";
import { chinaLocalDateTime } from "../lib/china-time.ts";

import { fail, load } from "../lib/errors.server.ts";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { requireUser, shellOf } from "../lib/guard.server.ts";

/**
 * /teach/:courseId/live — the course's 直播 units and their rooms: the owner opens a room for a unit
 * (its enrolled teachers then find 进入直播间 in the course player) and goes in, or reads an ended one's record.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const page = await load(context.services.live.courseLiveUnits({ actor, courseId: params.courseId ?? "" }));
  // "Now" for the schedule form's proposed start, read once here so the server and the browser agree.
  return { shell: shellOf(context), ...page, now: new Date().toISOString() };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const { intent, ...f } = await readForm(request);
  if (intent !== "scheduleLive") fail("badRequest");
  return runIntent("scheduleLive", () =>
    context.services.live.createLiveSession({
      actor,
      input: { courseId: params.courseId, unitId: f.unitId, title: f.title, scheduledStart: chinaLocalDateTime(f.scheduledStart), scheduledMinutes: f.scheduledMinutes },
    }),
  );
}

export default function CourseLiveUnits() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <ClassPage shell={d.shell} courseId={d.courseId}>
      <h1>{t("liveOps.course.title", { course: d.courseTitle })}</h1>
      {result?.ok ? (
        <p className="yx-success" role="status">
          {t("live.schedule.done")}
        </p>
      ) : null}
      {d.units.length === 0 ? (
        <EmptyState>{t("liveOps.course.empty")}</EmptyState>
      ) : (
        d.units.map((u) => (
          <Card key={u.id} title={u.title} testId="course-live-unit">
            <p className="yx-muted">
              {t("liveOps.course.planned", { time: formatTime(u.startsAt), minutes: u.durationMinutes, min: u.minMinutes })}
            </p>
            {u.sessions.length === 0 ? (
              <EmptyState>{t("liveOps.course.noRoom")}</EmptyState>
            ) : (
              <ul className="yx-list">
                {u.sessions.map((x) => (
                  <SessionItem key={x.id} session={x} testId="course-live-session" withTitle />
                ))}
              </ul>
            )}
            {d.isOwner ? (
              <details open={u.sessions.length === 0}>
                <summary>{t("liveOps.course.open")}</summary>
                <ScheduleLiveForm
                  idPrefix={`live-${u.id}`}
                  label={t("live.schedule.for", { title: u.title })}
                  hidden={{ unitId: u.id }}
                  defaults={{
                    title: u.title,
                    // The unit's planned start while it is ahead; once it has passed, the next half hour.
                    start: toLocalInput(suggestedLiveStart(new Date(u.startsAt), new Date(d.now))),
                    earliest: toLocalInput(d.now),
                    minutes: u.durationMinutes,
                  }}
                  result={result}
                  busy={busy}
                />
              </details>
            ) : null}
          </Card>
        ))
      )}
    </ClassPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
