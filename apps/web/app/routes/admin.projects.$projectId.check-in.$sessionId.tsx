import { useEffect, useRef, useState } from "react";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { t } from "@yanxiu/ui/i18n";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { RouteErrorBoundary } from "../components/route-error.tsx";

/**
 * The screen the implementing unit projects on a concentrated day: the 30-second code (as the offline check-in's
 * screen), a countdown and how many have checked in; re-read when the code changes.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const screen = await load(context.services.projects.sessionCheckInScreen({ actor, query: { sessionId: params.sessionId } }));
  return { ...screen, validUntil: screen.validUntil.toISOString(), serverNow: Date.now() };
}

export default function SessionCheckInScreen() {
  const d = useLoaderData<typeof loader>();
  const { revalidate, state } = useRevalidator();
  const skew = useRef(0);
  const [now, setNow] = useState(d.serverNow);
  useEffect(() => {
    skew.current = d.serverNow - Date.now();
  }, [d.serverNow]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + skew.current), 1000);
    return () => clearInterval(timer);
  }, []);
  const validUntil = new Date(d.validUntil).getTime();
  useEffect(() => {
    if (now >= validUntil && state === "idle") revalidate();
  }, [now, validUntil, state, revalidate]);
  const seconds = Math.max(0, Math.ceil((validUntil - now) / 1000));
  return (
    <div className="yx-stack">
      <p>
        <Link to="../../schedule" relative="path">
          {t("projects.checkIn.back")}
        </Link>
      </p>
      <h2>{t("projects.checkIn.title", { title: d.session.title })}</h2>
      <p className="yx-muted">
        {d.session.day} {d.session.startsAt}–{d.session.endsAt} · {d.session.place}
      </p>
      {d.code ? (
        <div>
          <p className="yx-classwork-code" data-testid="project-check-in-code">
            {d.code}
          </p>
          <p className="yx-muted">{t("projects.checkIn.countdown", { seconds })}</p>
        </div>
      ) : (
        <p role="status">{t("projects.checkIn.closedCode")}</p>
      )}
      <p data-testid="project-check-in-count">{t("projects.checkIn.count", { n: d.checkedIn })}</p>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
