import { z } from "zod";
import { ZDay, ZLine, ZParagraphs } from "./projects.ts";

/**
 * 两轮报名 (two-round enrolment, decision 035 in packages/services): a project taking applications declares its
 * classes up front, each with a 班额 (cap) and a 开班最低人数 (minimum). Round 1 takes every application (caps not
 * enforced); after it closes the institution screens oversubscribed classes (未录取 for the rest) and the
 * administration cancels undersubscribed ones (取消开班); round 2 fills the seats left, capped. Pure rules.
 */

const ZId = z.uuid("记录不存在");
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const ZCheckbox = z.preprocess((v) => v === true || v === "on" || v === "1" || v === "true", z.boolean());
const many = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));

export type TRounds = { round1Opens: string; round1Closes: string; round2Opens: string; round2Closes: string };

/** Where enrolment stands on a China day: before, round 1, screening (between rounds), round 2, after. */
export const roundPhases = ["before", "round1", "screening", "round2", "after"] as const;
export type TRoundPhase = (typeof roundPhases)[number];

export function roundPhase(r: TRounds, day: string): TRoundPhase {
  if (day < r.round1Opens) return "before";
  if (day <= r.round1Closes) return "round1";
  if (day < r.round2Opens) return "screening";
  if (day <= r.round2Closes) return "round2";
  return "after";
}

/** The round an application made on this day belongs to, or null when no round is open. */
export function applicationRound(phase: TRoundPhase): 1 | 2 | null {
  return phase === "round1" ? 1 : phase === "round2" ? 2 : null;
}

/** Screening and cancelling happen once round 1 has closed, and until round 2 closes. */
export function screeningOpen(phase: TRoundPhase): boolean {
  return phase === "screening" || phase === "round2";
}

export type TClassOffer = { cap: number; minSize: number; applicants: number; cancelled: boolean };

/** Over: more live applicants than the cap; under: fewer than the minimum; else ok. A cancelled class is neither. */
export function classSubscription(c: TClassOffer): "over" | "under" | "ok" | "cancelled" {
  if (c.cancelled) return "cancelled";
  if (c.applicants > c.cap) return "over";
  if (c.applicants < c.minSize) return "under";
  return "ok";
}

export function seatsLeft(c: TClassOffer): number {
  return c.cancelled ? 0 : Math.max(0, c.cap - c.applicants);
}

/**
 * Why a teacher may not apply to this class now, or null: no round open, a cancelled class, and in round 2 a
 * full one (round 1 takes everyone).
 */
export function classApplyRefusal(phase: TRoundPhase, c: TClassOffer): string | null {
  const round = applicationRound(phase);
  if (round === null) return phase === "before" ? "报名尚未开始" : phase === "screening" ? "第一轮报名已结束，请等待第二轮报名" : "报名已结束";
  if (c.cancelled) return "该班未开班";
  if (round === 2 && seatsLeft(c) < 1) return "该班已满";
  return null;
}

/** 按报名先后: the first `cap` applicants by time (ties by id, so the result is the same every time). */
export function admitByOrder<T extends { id: string; appliedAt: Date | string }>(applicants: readonly T[], cap: number): { admit: string[]; reject: string[] } {
  const ms = (d: Date | string) => (d instanceof Date ? d.getTime() : Date.parse(d));
  const sorted = [...applicants].sort((a, b) => ms(a.appliedAt) - ms(b.appliedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = Math.max(0, Math.trunc(cap));
  return { admit: sorted.slice(0, n).map((a) => a.id), reject: sorted.slice(n).map((a) => a.id) };
}

// ─── Inputs ──────────────────────────────────────────────────────────────────────────────────────

/** Rounds may not reach further back or forward than this from the project's dates (a typo like 2062). */
export const maxRoundSpanDays = 366;

const dayMs = 86_400_000;
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / dayMs);

/** Checks the round days against each other and the project's dates; the refusals per field. */
export function roundsRefusal(r: TRounds, project: { startsOn: string; endsOn: string }): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {};
  const add = (k: keyof TRounds, m: string) => (errors[k] ??= []).push(m);
  if (r.round1Closes < r.round1Opens) add("round1Closes", "第一轮截止日期不能早于开始日期");
  if (r.round2Opens <= r.round1Closes) add("round2Opens", "第二轮须在第一轮截止之后开始");
  if (r.round2Closes < r.round2Opens) add("round2Closes", "第二轮截止日期不能早于开始日期");
  if (r.round2Closes > project.endsOn) add("round2Closes", "第二轮须在项目结束前截止");
  if (daysBetween(r.round1Opens, project.startsOn) > maxRoundSpanDays) add("round1Opens", `第一轮开始日期不能早于项目开始前 ${maxRoundSpanDays} 天`);
  return Object.keys(errors).length ? errors : null;
}

export const ZRoundSettingsInput = z
  .object({
    projectId: ZId,
    twoRound: ZCheckbox,
    round1Opens: z.preprocess(blank, ZDay.optional()),
    round1Closes: z.preprocess(blank, ZDay.optional()),
    round2Opens: z.preprocess(blank, ZDay.optional()),
    round2Closes: z.preprocess(blank, ZDay.optional()),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.twoRound) return;
    for (const k of ["round1Opens", "round1Closes", "round2Opens", "round2Closes"] as const) if (!v[k]) ctx.addIssue({ code: "custom", path: [k], message: "两轮报名须填写四个日期" });
  });
export type TRoundSettingsInput = z.infer<typeof ZRoundSettingsInput>;

const ZSeats = (label: string, min: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.coerce.number(`${label}须为整数`).int(`${label}须为整数`).min(min, `${label}至少 ${min}`).max(1000, `${label}不超过 1000`),
  );

/** A class on offer: a new one (no classId) or an existing one's name, subject, 班额 and 开班最低人数. */
export const ZClassOfferInput = z
  .object({
    projectId: ZId,
    classId: z.preprocess(blank, ZId.optional()),
    name: ZLine(30, "班级名称").pipe(z.string().min(1, "请填写班级名称")),
    subject: z.preprocess((v) => (v == null ? "" : v), ZLine(20, "学科")),
    cap: ZSeats("班额", 1),
    minSize: ZSeats("开班最低人数", 0),
  })
  .strict()
  .refine((v) => v.minSize <= v.cap, { path: ["minSize"], message: "开班最低人数不能大于班额" });
export type TClassOfferInput = z.infer<typeof ZClassOfferInput>;

/** 筛选: the applicants admitted to an oversubscribed class (by hand), or the first ones by time (byOrder). */
export const ZScreenClassInput = z
  .object({
    classId: ZId,
    mode: z.enum(["chosen", "byOrder"], "请选择筛选方式"),
    admit: many(ZId).pipe(z.array(z.string()).max(1000, "录取人数过多")),
    reason: ZParagraphs(200, "未录取理由").pipe(z.string().min(1, "请填写未录取理由")),
  })
  .strict();
export type TScreenClassInput = z.infer<typeof ZScreenClassInput>;

/** 取消开班: releases every applicant of the class (未录取, 班级未开班). */
export const ZCancelClassInput = z.object({ classId: ZId, confirm: ZCheckbox.refine((b) => b, "请确认取消开班") }).strict();

/** 撤回报名: the teacher's own application, still under review. */
export const ZRetractApplicationInput = z.object({ nominationId: ZId }).strict();

/** The reason a cancelled class's applicants get. */
export const cancelledClassReason = "班级未开班";
