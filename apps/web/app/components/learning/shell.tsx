import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { t } from "@yanxiu/ui/i18n";
import type { TShell } from "../../lib/guard.server.ts";
import { AppShell } from "@yanxiu/ui/layout";
import { RouteErrorBoundary } from "../route-error.tsx";

/** The frame of the learner's pages: the shared shell and the learner's tabs. */
export function LearnerShell(props: { shell: TShell; children: ReactNode }) {
  return (
    <AppShell tenantName={props.shell.tenantName} user={props.shell.user}>
      <nav className="yx-tabs" aria-label={t("learning.nav.catalogue")}>
        <NavLink to="/" end className="yx-tab">
          {t("learning.nav.home")}
        </NavLink>
        <NavLink to="/courses" className={({ isActive }) => (isActive ? "yx-tab yx-tab-active" : "yx-tab")}>
          {t("learning.nav.catalogue")}
        </NavLink>
        <NavLink to="/my/courses" className={({ isActive }) => (isActive ? "yx-tab yx-tab-active" : "yx-tab")}>
          {t("learning.nav.myCourses")}
        </NavLink>
        <NavLink to="/studios" className={({ isActive }) => (isActive ? "yx-tab yx-tab-active" : "yx-tab")}>
          {t("studios.nav")}
        </NavLink>
        <NavLink to="/my/live" className={({ isActive }) => (isActive ? "yx-tab yx-tab-active" : "yx-tab")}>
          {t("liveOps.mine.title")}
        </NavLink>
      </nav>
      {props.children}
    </AppShell>
  );
}

/** The learner pages' error boundary (the same as every other route's). */
export const LearningErrorBoundary = RouteErrorBoundary;

const fmt = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
const fmtDay = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });

export const formatTime = (s: string) => fmt.format(new Date(s));
export const formatDay = (s: string) => fmtDay.format(new Date(s));

/** "from – to", "from 起", "截至 to" or 不限. */
export function windowText(from: string | null, to: string | null): string {
  if (from && to) return t("learning.course.range", { from: formatDay(from), to: formatDay(to) });
  if (from) return t("learning.course.from", { from: formatDay(from) });
  if (to) return t("learning.course.until", { to: formatDay(to) });
  return t("learning.course.anytime");
}

export function UnitStateBadge(props: { unitId: string; state: "notStarted" | "inProgress" | "complete" }) {
  return (
    <span className={`yx-learning-state yx-learning-state-${props.state}`} data-testid={`unit-state-${props.unitId}`} data-state={props.state}>
      {t(`learning.state.${props.state}`)}
    </span>
  );
}
