import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { nomination, questionnaire, questionnaireRespondent, questionnaireResponse, storedFile } from "@yanxiu/db/schema";
import { codeOf } from "../credits/test-setup.ts";
import { readAdminHome } from "../home/admin-home.ts";
import { loadReadableFile } from "../media/open-file.ts";
import {
  answerQuestionnaire,
  createProject,
  createQuestionnaire,
  deleteBrief,
  exportQuestionnaireResults,
  getQuestionnaire,
  listBriefs,
  listQuestionnaires,
  overdueReports,
  postBrief,
  publishProject,
  questionnaireResults,
  reportView,
  setQuestionnaireState,
  startProject,
  submitReport,
  updateBrief,
  updateEvaluationSettings,
  updateQuestionnaire,
} from "./index.ts";
import { projectFacts, projectTestSetup, seedProjectWorld, type TProjectWorld } from "./test-setup.ts";

let w: TProjectWorld;
let other: TProjectWorld;
const { owner, db, racer } = projectTestSetup((seeded) => {
  ({ w, other } = seeded);
});

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; fieldErrors?: Record<string, string[]> }) => ({ code: e.code, fieldErrors: e.fieldErrors }));

/** A running province project with `n` approved trainees, one withdrawn and one still under review. */
async function runningProject(world = w, n = 3) {
  const a = world.admins.province;
  const { projectId, rootAllocationId } = await createProject({ db, actor: a, input: { ownerUnitId: world.units.province.id, ...projectFacts({ endsOn: "2026-06-30" }) } });
  await publishProject({ db, actor: a, input: { projectId } });
  await startProject({ db, actor: a, input: { projectId } });
  const put = async (state: "approved" | "withdrawn" | "reviewing") => {
    const t = await world.teacherAt(world.units.schoolA1);
    await owner.withTenant(world.tenantId, (tx) =>
      tx.insert(nomination).values({
        tenantId: world.tenantId,
        projectId,
        allocationId: rootAllocationId,
        nominatingUnitId: world.units.schoolA1.id,
        teacherId: t.userId,
        state,
        awaitingUnitId: state === "reviewing" ? world.units.countyA.id : null,
        createdBy: a.actorId,
      }),
    );
    return t;
  };
  const trainees = [];
  for (let i = 0; i < n; i++) trainees.push(await put("approved"));
  const withdrawn = await put("withdrawn");
  const reviewing = await put("reviewing");
  return { projectId, trainees, withdrawn, reviewing, admin: a };
}

async function seedFile(world: TProjectWorld, ownerId: string, purpose: "projectBrief" | "projectReport" | "studioResource") {
  const id = randomUUID();
  const mime = purpose === "projectBrief" ? "image/png" : "application/pdf";
  await owner.withTenant(world.tenantId, (tx) => tx.insert(storedFile).values({ tenantId: world.tenantId, id, ownerId, purpose, mime, key: `k/${id}`, size: 10, originalName: "f" }));
  return id;
}

const questions = [
  { key: "q1", text: "总体满意度", kind: "scale", required: true },
  { key: "q2", text: "最有收获的环节", kind: "single", required: true, options: [{ id: "o1", label: "专题讲座" }, { id: "o2", label: "跟岗实践" }] },
  { key: "q3", text: "希望增加", kind: "multiple", options: [{ id: "o1", label: "案例" }, { id: "o2", label: "研讨" }] },
  { key: "q4", text: "建议", kind: "text", maxLength: 100 },
  { key: "q5", text: "导师指导", kind: "scale", target: { kind: "mentor", label: "王老师" } },
];

async function openQuestionnaire(projectId: string, admin = w.admins.province) {
  const { questionnaireId } = await createQuestionnaire({ db, actor: admin, input: { projectId, title: "项目满意度调查", questions } });
  await setQuestionnaireState({ db, actor: admin, input: { questionnaireId, to: "open" } });
  return questionnaireId;
}

describe("培训简报", () => {
  it("the managers post, edit and delete briefs counted against the year's required number; trainees read them; others do not", async () => {
    const p = await runningProject();
    const now = new Date("2026-05-10T04:00:00Z");
    const image = await seedFile(w, p.admin.actorId, "projectBrief");
    const { briefId } = await postBrief({ db, actor: p.admin, now, input: { projectId: p.projectId, title: "第一期简报", body: "开班典礼顺利举行。\n\n学员分组研讨。", imageIds: [image] } });
    await postBrief({ db, actor: p.admin, now, input: { projectId: p.projectId, title: "第二期简报", body: "<img src=x onerror=alert(1)>" } });

    const asTrainee = await listBriefs({ db, actor: p.trainees[0]!.actor, query: { projectId: p.projectId }, now });
    expect(asTrainee.briefs.map((b) => b.title).sort()).toEqual(["第一期简报", "第二期简报"]);
    expect(asTrainee.progress[0]).toEqual({ year: 2026, posted: 2, required: 4, met: false });
    expect(asTrainee.manages).toBe(false);
    // Stored as typed: the page renders it as text, never as HTML.
    expect(asTrainee.briefs.find((b) => b.title === "第二期简报")!.body).toBe("<img src=x onerror=alert(1)>");
    // The brief's image: its readers read it; a withdrawn teacher and another tenant's admin do not.
    expect((await loadReadableFile(db, p.trainees[1]!.actor, image)).id).toBe(image);
    expect(await codeOf(loadReadableFile(db, p.withdrawn.actor, image))).toBe("notFound");
    expect(await codeOf(loadReadableFile(db, other.admins.province, image))).toBe("notFound");

    for (const outsider of [p.withdrawn.actor, p.reviewing.actor, other.admins.province]) {
      expect(await codeOf(listBriefs({ db, actor: outsider, query: { projectId: p.projectId } }))).toBe("notFound");
    }
    expect(await codeOf(postBrief({ db, actor: p.trainees[0]!.actor, input: { projectId: p.projectId, title: "x", body: "x" } }))).toBe("notFound");
    expect(await codeOf(postBrief({ db, actor: w.admins.countyA, input: { projectId: p.projectId, title: "x", body: "x" } }))).toBe("forbidden");

    await updateBrief({ db, actor: p.admin, input: { projectId: p.projectId, briefId, title: "第一期简报（修订）", body: "修订后的正文", imageIds: [image] } });
    await deleteBrief({ db, actor: p.admin, input: { projectId: p.projectId, briefId } });
    const after = await listBriefs({ db, actor: p.admin, query: { projectId: p.projectId }, now });
    expect(after.briefs.map((b) => b.title)).toEqual(["第二期简报"]);
    // Another project's brief id through this project: not found.
    expect(await codeOf(deleteBrief({ db, actor: p.admin, input: { projectId: p.projectId, briefId } }))).toBe("notFound");

    await updateEvaluationSettings({ db, actor: p.admin, input: { projectId: p.projectId, briefsPerYear: "1", reportDueDays: "30" } });
    expect((await listBriefs({ db, actor: p.admin, query: { projectId: p.projectId }, now })).progress[0]).toEqual({ year: 2026, posted: 1, required: 1, met: true });
  });

  it("refuses someone else's upload, a file of another purpose, another tenant's file, NUL and a draft project", async () => {
    const p = await runningProject(w, 1);
    const theirs = await seedFile(w, w.admins.city.actorId, "projectBrief");
    const wrongPurpose = await seedFile(w, p.admin.actorId, "studioResource");
    const foreign = await seedFile(other, other.admins.province.actorId, "projectBrief");
    for (const id of [theirs, wrongPurpose, foreign]) {
      expect(await errorOf(postBrief({ db, actor: p.admin, input: { projectId: p.projectId, title: "t", body: "b", imageIds: [id] } }))).toEqual({ code: "badRequest", fieldErrors: { imageIds: ["图片不可用，请重新上传"] } });
    }
    expect((await errorOf(postBrief({ db, actor: p.admin, input: { projectId: p.projectId, title: "t", body: "b\u0000" } })))?.fieldErrors?.body).toBeTruthy();
    expect((await errorOf(postBrief({ db, actor: p.admin, input: { projectId: p.projectId, title: "t", body: "长".repeat(1_000_000) } })))?.fieldErrors?.body).toBeTruthy();
    const { projectId: draft } = await createProject({ db, actor: w.admins.province, input: { ownerUnitId: w.units.province.id, ...projectFacts() } });
    expect(await codeOf(postBrief({ db, actor: w.admins.province, input: { projectId: draft, title: "t", body: "b" } }))).toBe("projectStateConflict");
  });
});

describe("questionnaires", () => {
  it("a trainee answers once, anonymously; the owner sees the tally, the response rate and an .xlsx", async () => {
    const p = await runningProject(w, 3);
    const qid = await openQuestionnaire(p.projectId);
    const [t1, t2] = p.trainees;
    await answerQuestionnaire({ db, actor: t1!.actor, input: { questionnaireId: qid, answers: { q1: "5", q2: "o1", q3: ["o1", "o2"], q4: "多些案例", q5: "4" } } });
    await answerQuestionnaire({ db, actor: t2!.actor, input: { questionnaireId: qid, answers: { q1: 3, q2: "o2" } } });
    expect(await codeOf(answerQuestionnaire({ db, actor: t1!.actor, input: { questionnaireId: qid, answers: { q1: 1, q2: "o2" } } }))).toBe("questionnaireAnswered");

    const mine = await listQuestionnaires({ db, actor: t1!.actor, query: { projectId: p.projectId } });
    expect(mine.questionnaires).toMatchObject([{ id: qid, answered: true, state: "open" }]);
    expect((await getQuestionnaire({ db, actor: p.trainees[2]!.actor, query: { questionnaireId: qid } })).answered).toBe(false);

    const r = await questionnaireResults({ db, actor: p.admin, query: { questionnaireId: qid } });
    expect({ responses: r.responses, respondents: r.respondents, trainees: r.trainees, rate: r.rate }).toEqual({ responses: 2, respondents: 2, trainees: 3, rate: 67 });
    expect(r.results[0]).toMatchObject({ kind: "scale", mean: 4, counts: [0, 0, 1, 0, 1] });
    expect(r.results[1]).toMatchObject({ options: [{ label: "专题讲座", count: 1 }, { label: "跟岗实践", count: 1 }] });
    expect(r.results[3]).toMatchObject({ texts: ["多些案例"] });
    // Results are the managers'.
    expect(await codeOf(questionnaireResults({ db, actor: t1!.actor, query: { questionnaireId: qid } }))).toBe("forbidden");

    const { stream, fileName } = await exportQuestionnaireResults({ db, actor: p.admin, query: { questionnaireId: qid } });
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(fileName).toContain("项目满意度调查");
    const summary = book.getWorksheet("汇总")!;
    const cells = summary.getSheetValues().flat().filter((v) => v != null).map(String);
    expect(cells).toEqual(expect.arrayContaining(["应答率（%）", "67", "平均分", "专题讲座"]));
    expect(book.getWorksheet("文字回答")!.getRow(2).getCell(3).value).toBe("多些案例");
  });

  it("who answered and what they answered cannot be joined: the response has no person, no time and no key in common", async () => {
    const cols = await owner.withTenant(w.tenantId, (tx) =>
      tx.execute<{ column_name: string; data_type: string }>(sql`select column_name, data_type from information_schema.columns where table_name = 'questionnaire_response' order by ordinal_position`),
    );
    expect([...cols].map((c) => c.column_name)).toEqual(["tenant_id", "id", "questionnaire_id", "answers"]);
    const respondentCols = await owner.withTenant(w.tenantId, (tx) =>
      tx.execute<{ column_name: string }>(sql`select column_name from information_schema.columns where table_name = 'questionnaire_respondent' order by ordinal_position`),
    );
    expect([...respondentCols].map((c) => c.column_name)).toEqual(["tenant_id", "questionnaire_id", "user_id"]);
    // No foreign key from a response to anything but its questionnaire (and tenant).
    const fks = await owner.withTenant(w.tenantId, (tx) =>
      tx.execute<{ target: string }>(sql`select confrelid::regclass::text as target from pg_constraint where conrelid = 'questionnaire_response'::regclass and contype = 'f' order by 1`),
    );
    expect([...fks].map((f) => f.target)).toEqual(["questionnaire", "tenant"]);
    // Nor through the system columns: both rows share a transaction id (xmin) and are written side by side
    // (ctid), so the app role may read neither on the respondent table (a column grant, migration 0031).
    for (const column of ["xmin", "ctid"]) {
      const read = await db
        .withTenant(w.tenantId, (tx) => tx.execute(sql.raw(`select ${column} from questionnaire_respondent limit 1`)))
        .then(
          () => "read",
          (e: { cause?: { code?: string }; code?: string }) => e.cause?.code ?? e.code,
        );
      expect(read, column).toBe("42501");
    }
    // And answering writes no audit row naming the person next to a time.
    const p = await runningProject(w, 1);
    const qid = await openQuestionnaire(p.projectId);
    const before = await owner.withTenant(w.tenantId, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from audit_event where actor_id = ${p.trainees[0]!.userId}`));
    await answerQuestionnaire({ db, actor: p.trainees[0]!.actor, input: { questionnaireId: qid, answers: { q1: 4, q2: "o1" } } });
    const afterCount = await owner.withTenant(w.tenantId, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from audit_event where actor_id = ${p.trainees[0]!.userId}`));
    expect([...afterCount][0]!.n).toBe([...before][0]!.n);
  });

  it("one answer per trainee under concurrency: eight submissions at once, one response", async () => {
    const p = await runningProject(w, 1);
    const qid = await openQuestionnaire(p.projectId);
    const t = p.trainees[0]!;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => answerQuestionnaire({ db: racer, actor: t.actor, input: { questionnaireId: qid, answers: { q1: (i % 5) + 1, q2: "o1" } } }).then(() => "ok", (e: { code?: string }) => e.code)),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(results.filter((r) => r === "questionnaireAnswered")).toHaveLength(7);
    const [responses, respondents] = await owner.withTenant(w.tenantId, async (tx) => [
      await tx.select().from(questionnaireResponse).where(eq(questionnaireResponse.questionnaireId, qid)),
      await tx.select().from(questionnaireRespondent).where(eq(questionnaireRespondent.questionnaireId, qid)),
    ]);
    expect([responses.length, respondents.length]).toEqual([1, 1]);
  });

  it("answers are validated against the definition: NUL, huge text, wrong option ids, unknown questions; nothing is written", async () => {
    const p = await runningProject(w, 1);
    const qid = await openQuestionnaire(p.projectId);
    const t = p.trainees[0]!.actor;
    const cases: [unknown, string][] = [
      [{ q1: 4, q2: "o1", q4: "好\u0000" }, "a.q4"],
      [{ q1: 4, q2: "o1", q4: "x".repeat(3_000_000) }, "a.q4"],
      [{ q1: 4, q2: "o9" }, "a.q2"],
      [{ q1: 4, q2: "o1", q3: ["o1", "o3"] }, "a.q3"],
      [{ q1: 0, q2: "o1" }, "a.q1"],
      [{ q1: 4, q2: "o1", q99: "x" }, "answers"],
      [{ q2: "o1" }, "a.q1"],
    ];
    for (const [answers, key] of cases) {
      const e = await errorOf(answerQuestionnaire({ db, actor: t, input: { questionnaireId: qid, answers } }));
      expect(e?.code).toBe("badRequest");
      expect(Object.keys(e?.fieldErrors ?? {})).toContain(key);
    }
    expect(await codeOf(answerQuestionnaire({ db, actor: t, input: { questionnaireId: qid, answers: "nope" } }))).toBe("badRequest");
    const n = await owner.withTenant(w.tenantId, (tx) => tx.select().from(questionnaireRespondent).where(eq(questionnaireRespondent.questionnaireId, qid)));
    expect(n).toHaveLength(0);
    // The trainee can still answer properly afterwards.
    await answerQuestionnaire({ db, actor: t, input: { questionnaireId: qid, answers: { q1: 4, q2: "o1" } } });
  });

  it("only trainees answer, only open questionnaires; another tenant's ids and drafts are not found; questions freeze once opened", async () => {
    const p = await runningProject(w, 1);
    const { questionnaireId: draft } = await createQuestionnaire({ db, actor: p.admin, input: { projectId: p.projectId, title: "草稿", questions } });
    expect(await codeOf(getQuestionnaire({ db, actor: p.trainees[0]!.actor, query: { questionnaireId: draft } }))).toBe("notFound");
    expect(await codeOf(answerQuestionnaire({ db, actor: p.trainees[0]!.actor, input: { questionnaireId: draft, answers: { q1: 4, q2: "o1" } } }))).toBe("notFound");
    await setQuestionnaireState({ db, actor: p.admin, input: { questionnaireId: draft, to: "open" } });
    for (const outsider of [p.withdrawn.actor, p.reviewing.actor, other.admins.province, other.admins.schoolA1]) {
      expect(await codeOf(answerQuestionnaire({ db, actor: outsider, input: { questionnaireId: draft, answers: { q1: 4, q2: "o1" } } }))).toBe("notFound");
    }
    // An admin who manages but is not a trainee does not answer.
    expect(await codeOf(answerQuestionnaire({ db, actor: p.admin, input: { questionnaireId: draft, answers: { q1: 4, q2: "o1" } } }))).toBe("forbidden");
    expect(await codeOf(updateQuestionnaire({ db, actor: p.admin, input: { questionnaireId: draft, title: "改", questions } }))).toBe("projectStateConflict");
    // The trigger holds for any other path, too.
    const direct = await db
      .withTenant(w.tenantId, (tx) => tx.update(questionnaire).set({ questions: [] }).where(eq(questionnaire.id, draft)))
      .then(
        () => "updated",
        (e: { cause?: { code?: string }; code?: string }) => e.cause?.code ?? e.code,
      );
    expect(direct).toBe("23514");
    await setQuestionnaireState({ db, actor: p.admin, input: { questionnaireId: draft, to: "closed" } });
    expect(await codeOf(answerQuestionnaire({ db, actor: p.trainees[0]!.actor, input: { questionnaireId: draft, answers: { q1: 4, q2: "o1" } } }))).toBe("questionnaireNotOpen");
    // Hostile definitions are refused.
    const bad = await errorOf(createQuestionnaire({ db, actor: p.admin, input: { projectId: p.projectId, title: "x", questions: [{ key: "q1", text: "a\u0000", kind: "single", options: [{ id: "o1", label: "1" }] }] } }));
    expect(bad?.code).toBe("badRequest");
    expect(await codeOf(createQuestionnaire({ db, actor: other.admins.province, input: { projectId: p.projectId, title: "x", questions } }))).toBe("notFound");
  });
});

describe("绩效评估报告", () => {
  it("due at the end + N days, overdue after, listed on the admin home until submitted; only the writer's own report upload", async () => {
    // A province of its own, so the admin home's five alerts are this project's (the others here are overdue too).
    const solo = await seedProjectWorld(owner);
    const p = await runningProject(solo, 0);
    const late = new Date("2026-07-20T04:00:00Z");
    expect((await reportView({ db, actor: p.admin, query: { projectId: p.projectId }, now: new Date("2026-07-10T04:00:00Z") })).status).toBe("due");
    const v = await reportView({ db, actor: p.admin, query: { projectId: p.projectId }, now: late });
    expect({ dueOn: v.dueOn, status: v.status }).toEqual({ dueOn: "2026-07-15", status: "overdue" });
    expect((await overdueReports({ db, actor: p.admin, now: late })).map((r) => r.id)).toContain(p.projectId);
    expect((await overdueReports({ db, actor: other.admins.province, now: late })).map((r) => r.id)).not.toContain(p.projectId);
    // The admin home shows it (there is no notification table or reminder job: the reminder is this alert).
    expect((await readAdminHome({ db, actor: p.admin, now: late })).overdueReports.map((r) => r.id)).toEqual([p.projectId]);

    const theirs = await seedFile(solo, solo.admins.city.actorId, "projectReport");
    expect((await errorOf(submitReport({ db, actor: p.admin, input: { projectId: p.projectId, fileId: theirs } })))?.fieldErrors).toEqual({ fileId: ["文件不可用，请重新上传"] });
    const mine = await seedFile(solo, p.admin.actorId, "projectReport");
    await submitReport({ db, actor: p.admin, now: late, input: { projectId: p.projectId, fileId: mine, body: "" } });
    const after = await reportView({ db, actor: p.admin, query: { projectId: p.projectId }, now: late });
    expect(after.status).toBe("submittedLate");
    expect(after.report?.fileId).toBe(mine);
    expect((await overdueReports({ db, actor: p.admin, now: late })).map((r) => r.id)).not.toContain(p.projectId);
    expect((await loadReadableFile(db, solo.admins.province, mine)).id).toBe(mine);
    expect(await codeOf(loadReadableFile(db, (await solo.teacherAt(solo.units.schoolA1)).actor, mine))).toBe("notFound");
    expect(await codeOf(submitReport({ db, actor: other.admins.province, input: { projectId: p.projectId, body: "x" } }))).toBe("notFound");
    // A written report replaces the file; the first submission day stays.
    await submitReport({ db, actor: p.admin, input: { projectId: p.projectId, body: "本项目完成了全部培训任务。" } });
    const written = await reportView({ db, actor: p.admin, query: { projectId: p.projectId }, now: late });
    expect({ fileId: written.report?.fileId, body: written.report?.body, submittedOn: written.report?.submittedOn }).toEqual({ fileId: null, body: "本项目完成了全部培训任务。", submittedOn: "2026-07-20" });
  });
});
