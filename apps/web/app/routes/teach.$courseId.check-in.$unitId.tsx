import { useEffect, useRef, useState } from "react";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import QRCode from "qrcode";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { ClassPage } from "../components/class-page.tsx";
import { RowsTable } from "../components/rows-table.tsx";

import { chinaDateTime } from "../lib/china-time.ts";
import { load } from "../lib/errors.server.ts";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { requireUser, shellOf } from "../lib/guard.server.ts";

/**
 * /teach/:courseId/check-in/:unitId — the screen the trainer projects in the room: the 30-second code in
 * large digits and as a QR code (the player's URL with `?code=`), a countdown, and the live roster.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const courseId = params.courseId ?? "";
  const unitId = params.unitId ?? "";
  const cw = context.services.classwork;
  const screen = await load(cw.checkInScreen({ actor, courseId, unitId }));
  const roster = await load(cw.checkInRoster({ actor, courseId, unitId }));
  const url = `${new URL(request.url).origin}/learn/${courseId}/${unitId}?code=${screen.code}`;
  const qrSvg = await QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return {
    shell: shellOf(context),
    courseId,
    unitId,
    screen,
    rows: roster.rows,
    qrSvg,
    serverNow: Date.now(),
  };
}

/** Re-reads the page when the code expires, and every few seconds for the roster; counts down in between. */
function useCodeClock(validUntilIso: Date | string, serverNow: number) {
  const { revalidate, state } = useRevalidator();
  const skew = useRef(0);
  const [now, setNow] = useState(serverNow);
  const last = useRef(0);
  useEffect(() => {
    skew.current = serverNow - Date.now();
  }, [serverNow]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + skew.current), 1000);
    return () => clearInterval(timer);
  }, []);
  const validUntil = new Date(validUntilIso).getTime();
  useEffect(() => {
    const due = now >= validUntil || now - last.current >= 5000;
    if (due && state === "idle" && Date.now() - last.current >= 1000) {
      last.current = Date.now();
      revalidate();
    }
  }, [now, validUntil, state, revalidate]);
  return Math.max(0, Math.ceil((validUntil - now) / 1000));
}

export default function CheckInScreen() {
  const d = useLoaderData<typeof loader>();
  const s = d.screen;
  const secondsLeft = useCodeClock(s.validUntil, d.serverNow);
  const base = `/teach/${d.courseId}`;
  const open = s.window === "onTime" || s.window === "late";
  return (
    <ClassPage shell={d.shell} courseId={d.courseId}>
      <h1>{t("classwork.checkIn.title", { title: s.unitTitle })}</h1>
      <p className="yx-muted">
        {s.place} · {chinaDateTime(s.startsAt)} – {chinaDateTime(s.endsAt)}
      </p>
      <p role="status">
        {t(`classwork.window.${s.window}` as TMessageKey)} · {t("classwork.checkIn.windowRange", { from: chinaDateTime(s.checkInOpensAt), to: chinaDateTime(s.checkInClosesAt), late: chinaDateTime(s.lateAfter) })}
      </p>
      <div className="yx-classwork-screen">
        <div>
          <p className="yx-classwork-code" data-testid="check-in-code" aria-label={t("classwork.checkIn.code")}>
            {open ? s.code : "——————"}
          </p>
          <p className="yx-muted" data-testid="check-in-countdown">{t("classwork.checkIn.countdown", { seconds: secondsLeft })}</p>
        </div>
        {open ? <div className="yx-classwork-qr" role="img" aria-label={t("classwork.checkIn.qr")} dangerouslySetInnerHTML={{ __html: d.qrSvg }} /> : null}
      </div>
      <Card title={t("classwork.checkIn.roster")}>
        <div className="yx-toolbar">
          <p data-testid="check-in-counts">
            {t("classwork.checkIn.counts", { present: s.counts.present, late: s.counts.late, absent: s.counts.absent, pending: s.counts.pending })}
          </p>
          <a href={`${base}/check-in/${d.unitId}/roster.xlsx`} download>{t("classwork.exportExcel")}</a>
        </div>
        <RowsTable
          rows={d.rows}
          empty={t("classwork.classList.empty")}
          testId="check-in-roster"
          head={
            <>
              <th>{t("classwork.col.name")}</th>
              <th>{t("classwork.col.school")}</th>
              <th>{t("classwork.col.attendance")}</th>
              <th>{t("classwork.col.checkedInAt")}</th>
            </>
          }
          row={(r) => (
            <tr key={r.enrollmentId}>
              <td>
                {r.name} <span className="yx-muted">{r.teacherNo ?? ""}</span>
              </td>
              <td>{r.school ?? "—"}</td>
              <td className={`yx-classwork-att-${r.state}`}>{t(`classwork.attendance.${r.state}` as TMessageKey)}</td>
              <td>{chinaDateTime(r.checkedInAt)}</td>
            </tr>
          )}
        />
      </Card>
    </ClassPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
