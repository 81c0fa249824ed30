import type { Readable } from "node:stream";
import { and, asc, eq, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import {
  parseAnswers,
  questionnaireTransition,
  questionsEditable,
  responseRate,
  tallyResponses,
  ZAnswerInput,
  ZQuestionList,
  ZQuestionnaireInput,
  ZQuestionnaireRef,
  ZQuestionnaireStateInput,
  ZQuestionnaireUpdateInput,
  type TQuestion,
} from "@yanxiu/domain/project-evaluation";
import { ZProjectRef } from "@yanxiu/domain/projects";
import type { Database, Tx } from "@yanxiu/db/client";
import { nomination, questionnaire, questionnaireRespondent, questionnaireResponse } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import type { TActor } from "../org/scope.ts";
import { xlsxStream } from "../platform/xlsx/xlsx.ts";
import { loadProjectFor, needManage } from "./common.ts";
import { loadProjectForReader, type TReaderContext } from "./evaluation-access.ts";

/**
 * 培训效果评估 (issue 16, decision 024): questionnaires built by a project's managers, answered anonymously by
 * its trainees, tallied for the managers.
 *
 * Anonymity: an answer writes two rows in one transaction — `questionnaire_respondent` (questionnaire, user;
 * its primary key stops a second answer) and `questionnaire_response` (questionnaire, answers, a random id).
 * The response carries no user, no timestamp and no sequence, and nothing is audited per answer, so there is
 * no column to join the two on; results read responses only.
 */

type TQuestionnaireRow = typeof questionnaire.$inferSelect;

/** Trainees of a project: approved nominations (withdrawn ones are not). */
async function traineeCount(tx: Tx, projectId: string): Promise<number> {
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(nomination)
    .where(and(eq(nomination.projectId, projectId), eq(nomination.state, "approved")));
  return r?.n ?? 0;
}

async function respondentCount(tx: Tx, questionnaireId: string): Promise<number> {
  const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(questionnaireRespondent).where(eq(questionnaireRespondent.questionnaireId, questionnaireId));
  return r?.n ?? 0;
}

/** A questionnaire and its project as the actor reads it (an admin who sees the project, or a trainee). */
async function loadQuestionnaireFor(tx: Tx, actor: TActor, questionnaireId: string, opts: { lock?: boolean } = {}): Promise<{ q: TQuestionnaireRow; ctx: TReaderContext; questions: TQuestion[] }> {
  const sel = tx.select().from(questionnaire).where(eq(questionnaire.id, questionnaireId)).limit(1);
  const [q] = opts.lock ? await sel.for("update") : await sel;
  if (!q) throw new AppError("notFound", `questionnaire ${questionnaireId}`);
  const ctx = await loadProjectForReader(tx, actor, q.projectId);
  // Drafts stay with the project's managers; trainees and other admins see questionnaires once opened.
  if (!ctx.manages && q.state === "draft") throw new AppError("notFound", `questionnaire ${questionnaireId}`);
  return { q, ctx, questions: ZQuestionList.parse(q.questions) };
}

function needManager(ctx: TReaderContext): void {
  if (!ctx.manages) throw new AppError("forbidden", `project ${ctx.project.id}: manage`);
}

/**
 * The project's questionnaires: for managers every one with its response count; for a trainee the opened ones
 * and whether they have answered each.
 */
export async function listQuestionnaires(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectForReader(tx, actor, projectId);
    const rows = await tx
      .select({
        id: questionnaire.id,
        title: questionnaire.title,
        state: questionnaire.state,
        questions: sql<number>`jsonb_array_length(${questionnaire.questions})::int`,
        responses: sql<number>`(select count(*)::int from ${questionnaireRespondent} r where r.tenant_id = ${questionnaire.tenantId} and r.questionnaire_id = ${questionnaire.id})`,
        answered: sql<boolean>`exists (select 1 from ${questionnaireRespondent} r where r.tenant_id = ${questionnaire.tenantId} and r.questionnaire_id = ${questionnaire.id} and r.user_id = ${actor.actorId})`,
      })
      .from(questionnaire)
      .where(and(eq(questionnaire.projectId, projectId), ctx.manages ? undefined : sql`${questionnaire.state} <> 'draft'`))
      .orderBy(asc(questionnaire.createdAt))
      .limit(100);
    return { questionnaires: rows, trainees: await traineeCount(tx, projectId), manages: ctx.manages, trainee: ctx.trainee, project: { id: ctx.project.id, name: ctx.project.name, state: ctx.project.state } };
  });
}

export async function createQuestionnaire(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZQuestionnaireInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, input.projectId);
    needManage(ctx);
    if (ctx.project.state === "closed") throw new AppError("projectStateConflict", `project ${ctx.project.id} is closed`);
    const [row] = await tx
      .insert(questionnaire)
      .values({ tenantId: actor.tenantId, projectId: input.projectId, title: input.title, intro: input.intro, questions: input.questions, createdBy: actor.actorId })
      .returning({ id: questionnaire.id });
    await appendAudit(tx, actor, { action: "projects.questionnaire.create", target: `questionnaire:${row!.id}`, orgPath: ctx.ownerPath, data: { projectId: input.projectId, title: input.title } });
    return { questionnaireId: row!.id };
  });
}

export async function updateQuestionnaire(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZQuestionnaireUpdateInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { q, ctx } = await loadQuestionnaireFor(tx, actor, input.questionnaireId, { lock: true });
    needManager(ctx);
    if (!questionsEditable(q.state)) throw new AppError("projectStateConflict", `questionnaire ${q.id} is ${q.state}: its questions are fixed`);
    await tx.update(questionnaire).set({ title: input.title, intro: input.intro, questions: input.questions, updatedAt: new Date() }).where(eq(questionnaire.id, q.id));
    await appendAudit(tx, actor, { action: "projects.questionnaire.update", target: `questionnaire:${q.id}`, orgPath: ctx.ownerPath, data: { title: input.title } });
    return { questionnaireId: q.id };
  });
}

/** Open (a draft, or reopen a closed one) or close. Opening needs a project that has started or is published. */
export async function setQuestionnaireState(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZQuestionnaireStateInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { q, ctx } = await loadQuestionnaireFor(tx, actor, input.questionnaireId, { lock: true });
    needManager(ctx);
    if (!questionnaireTransition(q.state, input.to)) throw new AppError("projectStateConflict", `questionnaire ${q.id} is ${q.state}: cannot ${input.to}`);
    if (input.to === "open" && ctx.project.state !== "published" && ctx.project.state !== "running") throw new AppError("projectStateConflict", `project ${ctx.project.id} is ${ctx.project.state}`);
    await tx.update(questionnaire).set({ state: input.to, updatedAt: new Date() }).where(eq(questionnaire.id, q.id));
    await appendAudit(tx, actor, { action: `projects.questionnaire.${input.to}`, target: `questionnaire:${q.id}`, orgPath: ctx.ownerPath });
    return { questionnaireId: q.id, state: input.to };
  });
}

/** One questionnaire for its builder (managers) or for answering (a trainee: opened ones only). */
export async function getQuestionnaire(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const { questionnaireId } = parseInput(ZQuestionnaireRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { q, ctx, questions } = await loadQuestionnaireFor(tx, actor, questionnaireId);
    const [mine] = await tx
      .select({ one: sql<number>`1` })
      .from(questionnaireRespondent)
      .where(and(eq(questionnaireRespondent.questionnaireId, q.id), eq(questionnaireRespondent.userId, actor.actorId)))
      .limit(1);
    return {
      questionnaire: { id: q.id, projectId: q.projectId, title: q.title, intro: q.intro, state: q.state, questions },
      project: { id: ctx.project.id, name: ctx.project.name },
      manages: ctx.manages,
      trainee: ctx.trainee,
      answered: Boolean(mine),
    };
  });
}

/**
 * A trainee answers, once. The answers are parsed against the stored questions (unknown questions, wrong
 * option ids, out-of-range points, control characters and over-long text are field errors). Who answered and
 * what they answered go in one transaction and share nothing; the respondent's primary key makes a second
 * answer (two tabs at once included: the second insert waits for the first and then finds it) an
 * `questionnaireAnswered` conflict, and the response is then not written.
 */
export async function answerQuestionnaire(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZAnswerInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { q, ctx, questions } = await loadQuestionnaireFor(tx, actor, input.questionnaireId);
    if (!ctx.trainee) throw new AppError("forbidden", `questionnaire ${q.id}: not a trainee`);
    if (q.state !== "open") throw new AppError("questionnaireNotOpen", `questionnaire ${q.id} is ${q.state}`);
    const parsed = parseAnswers(questions, input.answers);
    if (!parsed.ok) throw new AppError("badRequest", "invalid answers", parsed.fieldErrors);
    const first = await tx
      .insert(questionnaireRespondent)
      .values({ tenantId: actor.tenantId, questionnaireId: q.id, userId: actor.actorId })
      .onConflictDoNothing()
      .returning({ userId: questionnaireRespondent.userId });
    if (first.length === 0) throw new AppError("questionnaireAnswered", `questionnaire ${q.id}: already answered`);
    await tx.insert(questionnaireResponse).values({ tenantId: actor.tenantId, questionnaireId: q.id, answers: parsed.answers });
    return { questionnaireId: q.id };
  });
}

async function resultsIn(tx: Tx, actor: TActor, questionnaireId: string) {
  const { q, ctx, questions } = await loadQuestionnaireFor(tx, actor, questionnaireId);
  needManager(ctx);
  // In random order (the id is random): the order rows were written in says nothing about who wrote them.
  const responses = await tx.select({ answers: questionnaireResponse.answers }).from(questionnaireResponse).where(eq(questionnaireResponse.questionnaireId, q.id)).orderBy(asc(questionnaireResponse.id));
  const trainees = await traineeCount(tx, q.projectId);
  const respondents = await respondentCount(tx, q.id);
  return {
    questionnaire: { id: q.id, projectId: q.projectId, title: q.title, state: q.state },
    project: { id: ctx.project.id, name: ctx.project.name },
    responses: responses.length,
    respondents,
    trainees,
    rate: responseRate(respondents, trainees),
    results: tallyResponses(
      questions,
      responses.map((r) => r.answers as Record<string, unknown>),
    ),
  };
}

/** The tally for the project's managers: per question counts, scale means, text answers; the response rate. */
export async function questionnaireResults(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const { questionnaireId } = parseInput(ZQuestionnaireRef, opts.query);
  return opts.db.withTenant(actor.tenantId, (tx) => resultsIn(tx, actor, questionnaireId));
}

const kindNames = { single: "单选", multiple: "多选", scale: "量表（1–5）", text: "文字" } as const;
const targetNames = { project: "项目", session: "课程/专题", mentor: "导师" } as const;

/** The results as .xlsx: a summary sheet (one row per option or scale point, with the mean) and the text answers. */
export async function exportQuestionnaireResults(opts: { db: Database; actor: TActor; query: unknown }): Promise<{ stream: Readable; fileName: string }> {
  const { actor } = opts;
  const { questionnaireId } = parseInput(ZQuestionnaireRef, opts.query);
  const r = await opts.db.withTenant(actor.tenantId, (tx) => resultsIn(tx, actor, questionnaireId));
  const target = (t: TQuestion["target"]) => (t.label ? `${targetNames[t.kind]}：${t.label}` : targetNames[t.kind]);
  const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : 0);
  const summary: (string | number)[][] = [["问卷", r.questionnaire.title, "", "", "", ""], ["应答人数", r.respondents, "学员人数", r.trainees, "应答率（%）", r.rate]];
  const texts: (string | number)[][] = [];
  r.results.forEach((q, i) => {
    const head = [`${i + 1}. ${q.text}`, target(q.target), kindNames[q.kind]];
    if (q.kind === "single" || q.kind === "multiple") for (const o of q.options) summary.push([...head, o.label, o.count, pct(o.count, q.answered)]);
    else if (q.kind === "scale") {
      q.counts.forEach((c, k) => summary.push([...head, `${k + 1} 分`, c, pct(c, q.answered)]));
      summary.push([...head, "平均分", q.answered, q.mean ?? ""]);
    } else if (q.kind === "text") {
      summary.push([...head, "文字回答", q.answered, ""]);
      for (const t of q.texts) texts.push([`${i + 1}. ${q.text}`, target(q.target), t]);
    }
  });
  const stream = xlsxStream([
    { name: "汇总", headers: ["题目", "评价对象", "题型", "选项/分值", "人数", "占比（%）/均分"], rows: summary },
    { name: "文字回答", headers: ["题目", "评价对象", "回答"], rows: texts },
  ]);
  return { stream, fileName: `${r.project.name}-${r.questionnaire.title}-评估结果.xlsx` };
}
