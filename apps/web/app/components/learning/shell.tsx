import type { ReactNode } from "react";
import type { DescriptionsProps } from "antd";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import type { TShell } from "../../lib/guard.server.ts";
import { AppShell } from "@yanxiu/ui/layout";
import { RouteErrorBoundary } from "../route-error.tsx";

/**
 * A learner's page (课程目录, 我的课程, 名师工作室, 我的直播 …). The way between them is the app frame's menu (the
 * side menu, or the tab bar on a phone), drawn by the root; this keeps the page's column.
 */
export function LearnerShell(props: { shell: TShell; children: ReactNode }) {
  return <AppShell>{props.children}</AppShell>;
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

/** The facts a course page lists (类别, 学时, 开课机构, 学段, 学科, 报名方式, the two windows), as Descriptions items. */
export function courseFactItems(
  f: {
    categoryName: string;
    creditHours: string | number;
    institutionName: string;
    stages: readonly string[];
    subjects: readonly string[];
    enrollmentMode: "open" | "assigned";
    enrollOpensAt: string | null;
    enrollClosesAt: string | null;
    studyStartsAt: string | null;
    studyEndsAt: string | null;
  },
  hours: ReactNode = t("learning.course.hoursValue", { hours: f.creditHours }),
): NonNullable<DescriptionsProps["items"]> {
  return [
    { key: "category", label: t("learning.course.category"), children: f.categoryName },
    { key: "hours", label: t("learning.course.hours"), children: hours },
    { key: "institution", label: t("learning.course.institution"), children: f.institutionName },
    { key: "stages", label: t("learning.course.stages"), children: f.stages.map((s) => t(`stage.${s}` as TMessageKey)).join("、") || t("learning.course.anytime") },
    { key: "subjects", label: t("learning.course.subjects"), children: f.subjects.join("、") || t("learning.course.anytime") },
    { key: "mode", label: t("learning.course.mode"), children: t(`learning.course.mode.${f.enrollmentMode}`) },
    { key: "enroll", label: t("learning.course.enrollWindow"), children: windowText(f.enrollOpensAt, f.enrollClosesAt) },
    { key: "study", label: t("learning.course.studyWindow"), children: windowText(f.studyStartsAt, f.studyEndsAt) },
  ];
}
