import { z } from "zod";
import { approvalLevels, fixedPointKinds } from "./credit-scheme.ts";

/**
 * 站内消息 (decision 034): a notice to one person, written in the same transaction as the decision it tells
 * of. A notice stores its kind and the facts it needs (`params`, checked here per kind), not rendered text:
 * the words live in the i18n catalogue (notifications.kind.<kind>.*) like every other word a user sees.
 */
export const notificationKinds = [
  /** 定额项目: a non-final step passed; the claim waits at the next level. */
  "fixedPointPassed",
  /** 定额项目: sent back to the teacher, with the reason. */
  "fixedPointReturned",
  /** 定额项目: 不予认定, with the reason. */
  "fixedPointRejected",
  /** 定额项目: the last step passed; the award is in the ledger. */
  "fixedPointApproved",
  /** 外部学时: approved, the 学时 are in the ledger. */
  "externalApproved",
  /** 外部学时: rejected, with the reviewer's comment. */
  "externalRejected",
  /** A project's 绩效评估报告 is past its due day and not submitted (to the people who must submit it). */
  "reportOverdue",
  /** 两轮报名: screened out of an oversubscribed class (未录取), with the reason; free to apply in round 2. */
  "enrolmentNotAdmitted",
  /** 两轮报名: the class applied for was cancelled (取消开班); free to apply in round 2. */
  "enrolmentClassCancelled",
  /** 年度质量报告: the province's report made by the year-end schedule is ready (to the province admins). */
  "annualReportReady",
] as const;
export type TNotificationKind = (typeof notificationKinds)[number];

/*
 * The facts are copied from rows their own schemas already checked (a claim's title, a reviewer's reason), so a
 * notice cleans rather than refuses them: a notice must never be why a decision fails. Control characters
 * (NUL above all) go, a line stays one line, and the length is bounded; megabytes are refused outright.
 */
// eslint-disable-next-line no-control-regex
const notLine = /[\u0000-\u001f\u007f]+/g;
// eslint-disable-next-line no-control-regex
const notText = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const ZFactLine = (max: number) =>
  z
    .string()
    .max(max * 4, { abort: true })
    .transform((s) => s.replace(notLine, " ").trim().slice(0, max));
const ZFactText = (max: number) =>
  z
    .string()
    .max(max * 4, { abort: true })
    .transform((s) => s.replace(/\r\n?/g, "\n").replace(notText, "").trim().slice(0, max));

const claimFacts = { claimTitle: ZFactLine(200), itemKind: z.enum(fixedPointKinds), level: z.enum(approvalLevels) };
const reason = ZFactText(1000);

/** What each kind carries: the facts its text is built from. */
export const notificationParams = {
  fixedPointPassed: z.object({ ...claimFacts, nextLevel: z.enum(approvalLevels) }).strict(),
  fixedPointReturned: z.object({ ...claimFacts, reason }).strict(),
  fixedPointRejected: z.object({ ...claimFacts, reason }).strict(),
  fixedPointApproved: z.object({ ...claimFacts, value: z.number().finite().min(0).max(100_000), unit: z.enum(["hours", "credits"]) }).strict(),
  externalApproved: z.object({ title: ZFactLine(200), hours: z.number().finite().min(0).max(100_000) }).strict(),
  externalRejected: z.object({ title: ZFactLine(200), reason }).strict(),
  reportOverdue: z.object({ projectName: ZFactLine(200), dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).strict(),
  enrolmentNotAdmitted: z.object({ projectName: ZFactLine(200), className: ZFactLine(60), reason }).strict(),
  enrolmentClassCancelled: z.object({ projectName: ZFactLine(200), className: ZFactLine(60) }).strict(),
  annualReportReady: z.object({ unitName: ZFactLine(200), year: z.number().int().min(2000).max(2100) }).strict(),
} satisfies Record<TNotificationKind, z.ZodType>;
export type TNotificationParams<K extends TNotificationKind = TNotificationKind> = z.infer<(typeof notificationParams)[K]>;

/**
 * An in-app path: one leading "/" (not "//", which a browser reads as another host), no backslash, blank or
 * control character, nothing that is not a path a link of this site may go to.
 */
export const ZAppPath = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/%?#]*$/, "not an in-app path");

/** The key that makes a notice once-only per person: a retried job or a second click finds it already there. */
export const ZDedupeKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII only");

const notice = <K extends TNotificationKind>(kind: K) =>
  z.object({ kind: z.literal(kind), params: notificationParams[kind], userId: z.uuid(), link: ZAppPath, dedupeKey: ZDedupeKey }).strict();

/** One notice to write (the producers' input to `notify`). */
export const ZNotifyInput = z.discriminatedUnion("kind", [
  notice("fixedPointPassed"),
  notice("fixedPointReturned"),
  notice("fixedPointRejected"),
  notice("fixedPointApproved"),
  notice("externalApproved"),
  notice("externalRejected"),
  notice("reportOverdue"),
  notice("enrolmentNotAdmitted"),
  notice("enrolmentClassCancelled"),
  notice("annualReportReady"),
]);
export type TNotifyInput = z.input<typeof ZNotifyInput>;

/** A stored notice read back: its params checked against its kind (a row that no longer fits is shown plainly). */
export function readNoticeParams(kind: string, params: unknown): { kind: TNotificationKind; params: TNotificationParams } | null {
  if (!(notificationKinds as readonly string[]).includes(kind)) return null;
  const r = notificationParams[kind as TNotificationKind].safeParse(params);
  return r.success ? { kind: kind as TNotificationKind, params: r.data } : null;
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The 消息 page's query: a numbered page. */
export const ZNotificationsQuery = z
  .object({ page: z.preprocess(blankToUndefined, z.coerce.number("page").int().min(1).max(10_000).default(1)) })
  .strict();
export type TNotificationsQuery = z.input<typeof ZNotificationsQuery>;
export const notificationsPageSize = 20;

/** Marks one of one's own notices read. */
export const ZMarkNotificationReadInput = z.object({ id: z.uuid("notFound") }).strict();
export type TMarkNotificationReadInput = z.input<typeof ZMarkNotificationReadInput>;

/** The bell stops counting here (it shows 99+): counting further costs a read on every page for nothing. */
export const unreadCountCap = 100;
