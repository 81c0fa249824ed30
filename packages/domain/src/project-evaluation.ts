import { z } from "zod";
import { ZLine, ZParagraphs } from "./projects.ts";

/**
 * A training project's 培训简报, 培训效果评估 and 绩效评估报告 (issue 16): briefs counted against a required
 * number per year, questionnaires stored as data with the answer validator built from them, the tally of
 * anonymous responses, and when the implementing unit's report is due. Pure rules; packages/services applies
 * them (docs/decisions/024-project-evaluation.md in packages/services).
 */

const ZId = z.uuid("记录不存在");
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const many = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));
const ZCheckbox = z.preprocess((v) => v === true || v === "on" || v === "1" || v === "true", z.boolean());
const ZCount = (label: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v),
    z.coerce.number(`${label}须为整数`).int(`${label}须为整数`).min(min, `${label}不能小于 ${min}`).max(max, `${label}不超过 ${max}`),
  );

// ─── Settings ────────────────────────────────────────────────────────────────────────────────────

/** Seed 002: at least 4 briefs a year; the 绩效评估报告 within 15 days of the end. */
export const defaultBriefsPerYear = 4;
export const defaultReportDueDays = 15;

export const ZEvaluationSettingsInput = z
  .object({ projectId: ZId, briefsPerYear: ZCount("每年简报数", 0, 100), reportDueDays: ZCount("报告期限天数", 1, 365) })
  .strict();

// ─── 培训简报 ────────────────────────────────────────────────────────────────────────────────────

export const maxBriefImages = 9;
export const maxBriefChars = 20000;

/**
 * A brief is plain paragraphs and up to nine uploaded images (shown after the text, in order): no HTML is
 * ever stored or rendered, so there is nothing to sanitise; the images are files the uploader owns, checked
 * by type from their bytes.
 */
const briefFacts = {
  title: ZLine(80, "简报标题").pipe(z.string().min(1, "请填写简报标题")),
  body: ZParagraphs(maxBriefChars, "简报正文").pipe(z.string().min(1, "请填写简报正文")),
  // Empty upload slots post blank values; they are not images.
  imageIds: z
    .preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]), z.array(z.uuid("图片不可用，请重新上传")))
    .pipe(z.array(z.string()).max(maxBriefImages, `最多 ${maxBriefImages} 张图片`))
    .transform((a) => [...new Set(a)]),
};
export const ZBriefInput = z.object({ projectId: ZId, ...briefFacts }).strict();
export const ZBriefUpdateInput = z.object({ projectId: ZId, briefId: ZId, ...briefFacts }).strict();
export const ZBriefRef = z.object({ projectId: ZId, briefId: ZId }).strict();
export type TBriefInput = z.infer<typeof ZBriefInput>;

/** Briefs posted in each calendar year against the required number (China time decides the year). */
export function briefProgress(postedOn: readonly string[], required: number, year: number): { year: number; posted: number; required: number; met: boolean } {
  const posted = postedOn.filter((d) => d.startsWith(`${year}-`)).length;
  return { year, posted, required, met: posted >= required };
}

/** Paragraphs of a brief's body for display: blank lines split paragraphs, single breaks stay inside one. */
export function paragraphsOf(body: string): string[] {
  return body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

// ─── Questionnaires ──────────────────────────────────────────────────────────────────────────────

export const questionKinds = ["single", "multiple", "scale", "text"] as const;
export type TQuestionKind = (typeof questionKinds)[number];
/** What a question rates: the project, one course or session, one mentor (a label, and a reference when known). */
export const targetKinds = ["project", "session", "mentor"] as const;
export type TTargetKind = (typeof targetKinds)[number];

export const maxQuestions = 60;
export const maxOptions = 20;
export const maxTextAnswer = 2000;
export const scaleMin = 1;
export const scaleMax = 5;

const ZOption = z.object({ id: z.string().regex(/^o[1-9][0-9]{0,2}$/, "选项标识无效"), label: ZLine(60, "选项").pipe(z.string().min(1, "选项不能为空")) }).strict();

export const ZQuestion = z
  .object({
    key: z.string().regex(/^q[1-9][0-9]{0,2}$/, "题目标识无效"),
    text: ZLine(200, "题目").pipe(z.string().min(1, "请填写题目")),
    kind: z.enum(questionKinds, "请选择题型"),
    required: z.boolean().default(false),
    options: z.array(ZOption).max(maxOptions, `每题最多 ${maxOptions} 个选项`).default([]),
    /** For text: the longest answer. */
    maxLength: z.number().int().min(1).max(maxTextAnswer).default(500),
    target: z
      .object({
        kind: z.enum(targetKinds, "请选择评价对象"),
        label: ZLine(60, "评价对象").default(""),
        /** A course, session or mentor's id when the builder chose one; a label alone is enough. */
        refId: z.uuid("评价对象无效").nullable().default(null),
      })
      .strict()
      .default({ kind: "project", label: "", refId: null }),
  })
  .strict()
  .superRefine((q, ctx) => {
    const choosing = q.kind === "single" || q.kind === "multiple";
    if (choosing && q.options.length < 2) ctx.addIssue({ code: "custom", path: ["options"], message: `「${q.text}」须至少有两个选项` });
    if (!choosing && q.options.length > 0) ctx.addIssue({ code: "custom", path: ["options"], message: `「${q.text}」不是选择题，不能设置选项` });
    if (new Set(q.options.map((o) => o.id)).size !== q.options.length) ctx.addIssue({ code: "custom", path: ["options"], message: `「${q.text}」的选项标识重复` });
    if (new Set(q.options.map((o) => o.label)).size !== q.options.length) ctx.addIssue({ code: "custom", path: ["options"], message: `「${q.text}」的选项有重复` });
    if (q.target.kind !== "project" && q.target.label === "") ctx.addIssue({ code: "custom", path: ["target"], message: `「${q.text}」须写明评价的课程或导师` });
  });
export type TQuestion = z.infer<typeof ZQuestion>;

export const ZQuestionList = z
  .array(ZQuestion)
  .min(1, "问卷至少要有一道题")
  .max(maxQuestions, `问卷最多 ${maxQuestions} 道题`)
  .superRefine((qs, ctx) => {
    const seen = new Set<string>();
    for (const q of qs) {
      if (seen.has(q.key)) ctx.addIssue({ code: "custom", message: `题目标识「${q.key}」重复` });
      seen.add(q.key);
    }
  });
export type TQuestionList = z.infer<typeof ZQuestionList>;

export const ZQuestionnaireInput = z
  .object({
    projectId: ZId,
    title: ZLine(80, "问卷标题").pipe(z.string().min(1, "请填写问卷标题")),
    intro: ZParagraphs(1000, "问卷说明").default(""),
    questions: ZQuestionList,
  })
  .strict();
export const ZQuestionnaireUpdateInput = z
  .object({ questionnaireId: ZId, title: ZQuestionnaireInput.shape.title, intro: ZQuestionnaireInput.shape.intro, questions: ZQuestionList })
  .strict();
export const ZQuestionnaireRef = z.object({ questionnaireId: ZId }).strict();
export const questionnaireStates = ["draft", "open", "closed"] as const;
export type TQuestionnaireState = (typeof questionnaireStates)[number];
export const ZQuestionnaireStateInput = z.object({ questionnaireId: ZId, to: z.enum(["open", "closed"], "请选择操作") }).strict();

/** Open a draft or reopen a closed one; close an open one. Nothing returns to draft: answers may exist. */
export function questionnaireTransition(from: TQuestionnaireState, to: "open" | "closed"): boolean {
  return to === "open" ? from === "draft" || from === "closed" : from === "open";
}

/** Only a draft's questions may change: once opened, answers are tallied against exactly these questions. */
export function questionsEditable(state: TQuestionnaireState): boolean {
  return state === "draft";
}

const maxEditorRows = maxQuestions;
const text = (v: unknown) => (typeof v === "string" ? v.trim() : Array.isArray(v) && typeof v[0] === "string" ? (v[0] as string).trim() : "");

/**
 * The builder posts plain fields (`q.<i>.text|kind|required|options|targetKind|targetLabel|targetRef|key|remove`,
 * options one per line); this turns them into questions for `ZQuestionList` to check. New questions get the
 * next free key (q1, q2 …); options keep the ids of earlier ones with the same label so a renamed questionnaire
 * still tallies (drafts only, but the builder reloads).
 */
export function questionsFromFields(fields: Record<string, unknown>, previous: readonly TQuestion[] = []): unknown[] {
  const rows = new Map<number, Record<string, unknown>>();
  for (const [name, value] of Object.entries(fields)) {
    const m = /^q\.(\d{1,3})\.(key|text|kind|required|options|maxLength|targetKind|targetLabel|targetRef|remove)$/.exec(name);
    if (!m) continue;
    const i = Number(m[1]);
    if (i >= maxEditorRows + 5) continue;
    const row = rows.get(i) ?? {};
    row[m[2]!] = value;
    rows.set(i, row);
  }
  const kept = [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, r]) => r)
    .filter((r) => text(r.text) !== "" && !ZCheckbox.parse(Array.isArray(r.remove) ? r.remove[0] : r.remove));
  const used = new Set(kept.map((r) => text(r.key)).filter((k) => /^q[1-9][0-9]{0,2}$/.test(k)));
  let next = 1;
  return kept.map((r) => {
    let key = text(r.key);
    if (!/^q[1-9][0-9]{0,2}$/.test(key)) {
      while (used.has(`q${next}`)) next++;
      key = `q${next}`;
      used.add(key);
    }
    const kind = text(r.kind);
    const before = previous.find((q) => q.key === key);
    const labels =
      kind === "single" || kind === "multiple"
        ? text(r.options)
            .split(/\r?\n/)
            .map((o) => o.trim())
            .filter(Boolean)
        : [];
    let n = 1;
    const taken = new Set(before?.options.map((o) => o.id) ?? []);
    const options = labels.map((label) => {
      const old = before?.options.find((o) => o.label === label);
      if (old) return { id: old.id, label };
      while (taken.has(`o${n}`)) n++;
      taken.add(`o${n}`);
      return { id: `o${n}`, label };
    });
    const out: Record<string, unknown> = {
      key,
      text: text(r.text),
      kind,
      required: ZCheckbox.parse(Array.isArray(r.required) ? r.required[0] : r.required),
      options,
      target: { kind: text(r.targetKind) || "project", label: text(r.targetLabel), refId: text(r.targetRef) || null },
    };
    if (kind === "text" && /^\d{1,5}$/.test(text(r.maxLength))) out.maxLength = Number(text(r.maxLength));
    return out;
  });
}

/** An answer as stored: an option id, option ids, a scale point or text. */
export type TAnswerValue = string | string[] | number;
export type TAnswers = Record<string, TAnswerValue>;

function answerSchema(q: TQuestion): z.ZodType {
  const ids = q.options.map((o) => o.id) as [string, ...string[]];
  const absent = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
  let s: z.ZodType;
  switch (q.kind) {
    case "single":
      s = z.enum(ids, `「${q.text}」请从选项中选择`);
      break;
    case "multiple":
      s = many(z.enum(ids, `「${q.text}」请从选项中选择`))
        .pipe(z.array(z.string()).max(q.options.length, `「${q.text}」选项重复`))
        .transform((a) => ids.filter((id) => a.includes(id)));
      break;
    case "scale":
      s = z
        .preprocess(
          (v) => (typeof v === "string" && /^\s*\d{1,2}\s*$/.test(v) ? Number(v) : v),
          z.number(`「${q.text}」请选择 ${scaleMin}–${scaleMax} 分`).int(`「${q.text}」请选择 ${scaleMin}–${scaleMax} 分`),
        )
        .pipe(z.number().min(scaleMin, `「${q.text}」请选择 ${scaleMin}–${scaleMax} 分`).max(scaleMax, `「${q.text}」请选择 ${scaleMin}–${scaleMax} 分`));
      break;
    case "text":
      s = ZParagraphs(q.maxLength, `「${q.text}」的回答`);
      break;
  }
  if (q.required) return z.preprocess((v) => (absent(v) ? undefined : v), z.custom<unknown>((v) => v !== undefined, `请回答「${q.text}」`).pipe(s));
  return z.preprocess((v) => (absent(v) ? undefined : v), s.optional());
}

/** The zod validator built from a questionnaire's questions: one key per question, unknown keys refused. */
export function buildAnswerValidator(questions: readonly TQuestion[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const q of questions) shape[q.key] = answerSchema(q);
  return z.strictObject(shape, { error: (iss) => (iss.code === "unrecognized_keys" ? "问卷含有未定义的题目" : "问卷格式不正确") });
}

/** Parses answers against the questions: the clean answers (blank optional ones dropped), or messages per question. */
export function parseAnswers(questions: readonly TQuestion[], answers: unknown): { ok: true; answers: TAnswers } | { ok: false; fieldErrors: Record<string, string[]> } {
  const r = buildAnswerValidator(questions).safeParse(answers ?? {});
  if (r.success) {
    const clean: TAnswers = {};
    for (const [k, v] of Object.entries(r.data as Record<string, unknown>)) if (v !== undefined && !(typeof v === "string" && v === "")) clean[k] = v as TAnswerValue;
    return { ok: true, answers: clean };
  }
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of r.error.issues) {
    const k = issue.path.length > 0 ? `a.${String(issue.path[0])}` : "answers";
    (fieldErrors[k] ??= []).push(issue.message);
  }
  return { ok: false, fieldErrors };
}

/** A form post's `a.<key>` fields as the answers object (repeated fields stay arrays). */
export function answersFromFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    const m = /^a\.(.{1,8})$/.exec(name);
    if (m) out[m[1]!] = value;
  }
  return out;
}

export const ZAnswerInput = z.object({ questionnaireId: ZId, answers: z.record(z.string().max(8), z.unknown()) }).strict();

// ─── Results ─────────────────────────────────────────────────────────────────────────────────────

export type TQuestionResult =
  | { key: string; text: string; kind: "single" | "multiple"; target: TQuestion["target"]; answered: number; options: { id: string; label: string; count: number }[] }
  | { key: string; text: string; kind: "scale"; target: TQuestion["target"]; answered: number; counts: number[]; mean: number | null }
  | { key: string; text: string; kind: "text"; target: TQuestion["target"]; answered: number; texts: string[] };

/**
 * The tally of responses per question: option counts, the distribution and mean of a scale (two decimals),
 * the text answers. Answers the questions do not know (none get in: they are validated on the way in) are
 * ignored rather than trusted.
 */
export function tallyResponses(questions: readonly TQuestion[], responses: readonly Record<string, unknown>[]): TQuestionResult[] {
  return questions.map((q): TQuestionResult => {
    const values = responses.map((r) => r[q.key]).filter((v) => v !== undefined && v !== null && v !== "");
    switch (q.kind) {
      case "single":
      case "multiple": {
        const counts = new Map(q.options.map((o) => [o.id, 0]));
        let answered = 0;
        for (const v of values) {
          const picked = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string" && counts.has(x));
          if (picked.length) answered++;
          for (const id of new Set(picked)) counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        return { key: q.key, text: q.text, kind: q.kind, target: q.target, answered, options: q.options.map((o) => ({ ...o, count: counts.get(o.id) ?? 0 })) };
      }
      case "scale": {
        const counts = Array.from({ length: scaleMax - scaleMin + 1 }, () => 0);
        let sum = 0;
        let answered = 0;
        for (const v of values) {
          if (typeof v !== "number" || !Number.isInteger(v) || v < scaleMin || v > scaleMax) continue;
          counts[v - scaleMin]!++;
          sum += v;
          answered++;
        }
        return { key: q.key, text: q.text, kind: "scale", target: q.target, answered, counts, mean: answered ? Math.round((sum / answered) * 100) / 100 : null };
      }
      case "text": {
        const texts = values.filter((v): v is string => typeof v === "string");
        return { key: q.key, text: q.text, kind: "text", target: q.target, answered: texts.length, texts };
      }
    }
  });
}

/** Responses over trainees, as a whole percentage (0 when there are no trainees). */
export function responseRate(responses: number, trainees: number): number {
  return trainees > 0 ? Math.round((Math.min(responses, trainees) / trainees) * 100) : 0;
}

// ─── 绩效评估报告 ─────────────────────────────────────────────────────────────────────────────────

export const ZReportInput = z
  .object({
    projectId: ZId,
    fileId: z.preprocess(blank, z.uuid("文件不可用，请重新上传").optional()),
    body: ZParagraphs(maxBriefChars, "报告正文").default(""),
  })
  .strict()
  .refine((v) => v.fileId !== undefined || v.body.length > 0, { path: ["body"], message: "请上传报告文件或填写报告正文" });
export type TReportInput = z.infer<typeof ZReportInput>;

/** The last day the report is on time: the project's end + N days. */
export function reportDueOn(endsOn: string, dueDays: number): string {
  const d = new Date(`${endsOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + dueDays);
  return d.toISOString().slice(0, 10);
}

export type TReportStatus = "notYet" | "due" | "overdue" | "submitted" | "submittedLate";

/**
 * Where the report stands on `today` (a China-time date): before the project ends it is not yet due; from the
 * end to the due day it is due; after that, overdue until submitted. A submission after the due day is late.
 */
export function reportStatus(p: { endsOn: string; dueDays: number; submittedOn: string | null; today: string }): TReportStatus {
  const due = reportDueOn(p.endsOn, p.dueDays);
  if (p.submittedOn) return p.submittedOn > due ? "submittedLate" : "submitted";
  if (p.today > due) return "overdue";
  return p.today >= p.endsOn ? "due" : "notYet";
}
