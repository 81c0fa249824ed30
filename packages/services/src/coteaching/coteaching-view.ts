import { and, eq } from "drizzle-orm";
import type { TClassPollTally, TClassroomFacts, TCoTeachingTiles } from "@yanxiu/domain/coteaching";
import type { Database } from "@yanxiu/db/client";
import { isUuid, mayAttend } from "../live/access.ts";
import { liveClassPollAnswer, liveClassroom, liveClassroomAttendance, liveSession } from "@yanxiu/db/schema";
import { coTeachingTiles } from "./coteaching-tiles.ts";
import { classroomQuestions, type TClassQuestionView } from "./questions.ts";
import { classPollTally, currentPoll, loadClassrooms, publicClassroom, type TCoTeachingActor } from "./common.ts";

/** What the assistant's panel shows: their classroom, the poll to answer for the class, the sheet so far. */
export type TAssistantView = {
  role: "assistant";
  classroom: TClassroomFacts & { roster: string[] | null };
  poll: { id: string; question: string; options: string[]; status: "open" | "closed"; answer: { choice: number | null; counts: number[] | null } | null } | null;
  sheet: { presentCount: number; presentNames: string[] | null } | null;
  questions: TClassQuestionView[];
};
export type TLecturerView = {
  role: "lecturer";
  tiles: TCoTeachingTiles;
  /** The current poll with its class-level results, per classroom and in total. */
  poll: { id: string; question: string; options: string[]; tally: TClassPollTally } | null;
};
export type TCoTeachingView = TLecturerView | TAssistantView;

/**
 * The co-teaching panel of the room page, for whoever is looking: the lecturer (and co-hosts) get the
 * tiles, a classroom's assistant gets their classroom's panel, anyone else (a studio or course session,
 * an invited guest) null. A session the viewer may not attend is notFound, as on the page.
 */
export async function coTeachingView(opts: { db: Database; actor: TCoTeachingActor; sessionId: string }): Promise<TCoTeachingView | null> {
  const { actor } = opts;
  if (!isUuid(opts.sessionId)) return null;
  const who = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const [s] = await tx.select().from(liveSession).where(eq(liveSession.id, opts.sessionId)).limit(1);
    if (!s || s.kind !== "coTeaching") return null;
    const role = await mayAttend(tx, actor.actorId, s);
    if (role === "host" || role === "coHost") {
      const poll = await currentPoll(tx, s.id);
      return { lecturer: poll ? { id: poll.id, question: poll.question, options: poll.options, tally: await classPollTally(tx, s.id, poll) } : null };
    }
    const [mine] = await tx
      .select({ id: liveClassroom.id })
      .from(liveClassroom)
      .where(and(eq(liveClassroom.sessionId, s.id), eq(liveClassroom.assistantId, actor.actorId)))
      .limit(1);
    if (!mine) return null;
    const classroom = (await loadClassrooms(tx, s.id)).find((c) => c.id === mine.id)!;
    const poll = await currentPoll(tx, s.id);
    const [answer] = poll
      ? await tx
          .select({ choice: liveClassPollAnswer.choice, counts: liveClassPollAnswer.counts })
          .from(liveClassPollAnswer)
          .where(and(eq(liveClassPollAnswer.pollId, poll.id), eq(liveClassPollAnswer.classroomId, mine.id)))
          .limit(1)
      : [];
    const [sheet] = await tx
      .select({ presentCount: liveClassroomAttendance.presentCount, presentNames: liveClassroomAttendance.presentNames })
      .from(liveClassroomAttendance)
      .where(eq(liveClassroomAttendance.classroomId, mine.id))
      .limit(1);
    const view: TAssistantView = {
      role: "assistant",
      classroom: { ...publicClassroom(classroom), roster: classroom.roster },
      poll: poll ? { id: poll.id, question: poll.question, options: poll.options, status: poll.status, answer: answer ?? null } : null,
      sheet: sheet ?? null,
      questions: await classroomQuestions(tx, mine.id),
    };
    return { view };
  });
  if (!who) return null;
  if ("lecturer" in who) return { role: "lecturer", tiles: await coTeachingTiles(opts), poll: who.lecturer ?? null };
  return who.view;
}
