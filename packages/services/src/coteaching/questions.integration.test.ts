import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import { answerPoll, createPoll, endLiveSession, joinLiveSession, startLiveSession } from "../live/index.ts";
import { liveClassQuestion } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { askClassQuestion, coTeachingTiles, coTeachingView, markClassQuestionAnswered } from "./index.ts";
import { seedCoTeachingWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
let w: Awaited<ReturnType<typeof seedCoTeachingWorld>>;
let other: Awaited<ReturnType<typeof seedCoTeachingWorld>>;
beforeAll(async () => {
  w = await seedCoTeachingWorld(owner, db);
  other = await seedCoTeachingWorld(owner, db);
});
afterAll(async () => {
  await db.close();
  await owner.close();
});
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: AppError) => e.code,
  );

describe("classroom questions", () => {
  it("an assistant asks for their class; the lecturer's tile shows the oldest waiting one until it is marked answered", async () => {
    const s = await w.newSession();
    const [a, b] = s.classrooms;
    const { lecturer, assistantA, assistantB } = w.people;
    const q1 = await askClassQuestion({ db, actor: assistantA.actor, input: { sessionId: s.sessionId, classroomId: a!.id, body: " “吹面不寒杨柳风”是什么意思？ " } });
    expect(q1.body).toBe("“吹面不寒杨柳风”是什么意思？");
    await askClassQuestion({ db, actor: assistantA.actor, input: { sessionId: s.sessionId, classroomId: a!.id, body: "第二个问题" } });
    // Not for another classroom, not empty, not from another province.
    expect(await codeOf(askClassQuestion({ db, actor: assistantB.actor, input: { sessionId: s.sessionId, classroomId: a!.id, body: "冒名" } }))).toBe("forbidden");
    expect(await codeOf(askClassQuestion({ db, actor: assistantA.actor, input: { sessionId: s.sessionId, classroomId: a!.id, body: "  " } }))).toBe("badRequest");
    expect(await codeOf(askClassQuestion({ db, actor: other.people.assistantA.actor, input: { sessionId: s.sessionId, classroomId: a!.id, body: "跨省" } }))).toBe("notFound");

    const tiles = await coTeachingTiles({ db, actor: lecturer.actor, sessionId: s.sessionId });
    expect(tiles.tiles.find((t) => t.id === a!.id)?.pendingQuestion?.body).toBe("“吹面不寒杨柳风”是什么意思？");
    expect(tiles.tiles.find((t) => t.id === b!.id)?.pendingQuestion).toBeNull();

    // Only the lecturer marks; once.
    expect(await codeOf(markClassQuestionAnswered({ db, actor: assistantA.actor, input: { sessionId: s.sessionId, questionId: q1.id } }))).toBe("forbidden");
    await markClassQuestionAnswered({ db, actor: lecturer.actor, input: { sessionId: s.sessionId, questionId: q1.id } });
    expect(await codeOf(markClassQuestionAnswered({ db, actor: lecturer.actor, input: { sessionId: s.sessionId, questionId: q1.id } }))).toBe("notFound");
    const next = await coTeachingTiles({ db, actor: lecturer.actor, sessionId: s.sessionId });
    expect(next.tiles.find((t) => t.id === a!.id)?.pendingQuestion?.body).toBe("第二个问题");
    const view = await coTeachingView({ db, actor: assistantA.actor, sessionId: s.sessionId });
    expect(view?.role === "assistant" && view.questions.map((q) => [q.body, q.answered])).toEqual([
      ["“吹面不寒杨柳风”是什么意思？", true],
      ["第二个问题", false],
    ]);
    // Another province's database view holds none of it.
    expect(await db.withTenant(other.tenantId, (tx) => tx.select().from(liveClassQuestion))).toEqual([]);
  });

  it("polls are answered per classroom: an assistant's answer as one person is refused", async () => {
    const s = await w.newSession();
    const { lecturer, assistantA } = w.people;
    await joinLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId });
    await startLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId });
    await joinLiveSession({ db, actor: assistantA.actor, sessionId: s.sessionId });
    const poll = await createPoll({ db, actor: lecturer.actor, input: { sessionId: s.sessionId, question: "哪一句最美？", options: ["甲", "乙"] } });
    expect(await codeOf(answerPoll({ db, actor: assistantA.actor, input: { sessionId: s.sessionId, pollId: poll.id, option: 0 } }))).toBe("classAnswerOnly");
  });

  it("no questions after the end", async () => {
    const s = await w.newSession();
    const { lecturer, assistantA } = w.people;
    await joinLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId });
    await startLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId });
    await endLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId });
    expect(await codeOf(askClassQuestion({ db, actor: assistantA.actor, input: { sessionId: s.sessionId, classroomId: s.classrooms[0]!.id, body: "迟到的问题" } }))).toBe("sessionEnded");
  });
});
