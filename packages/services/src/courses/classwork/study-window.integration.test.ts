import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase, testOwnerDatabase, testRedis } from "../../testing.ts";
import { seedFixtureCourse } from "../test-fixtures.ts";
import { addPost } from "./discussion.ts";
import { submitAssignment } from "./assignments.ts";
import { enrol, seedClassworkWorld } from "./test-setup.ts";

/** Work that counts toward a unit is taken only inside the course's study window. */
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
let world: Awaited<ReturnType<typeof seedClassworkWorld>>;

beforeAll(async () => {
  world = await seedClassworkWorld(owner, redis);
});
afterAll(async () => {
  await world.progressQueue.close();
  await world.producer.close();
  redis.disconnect();
  await db.close();
  await owner.close();
});

const reasonOf = (p: Promise<unknown>) => p.then(() => "ok", (e: { message?: string }) => e.message ?? String(e));

describe("study window", () => {
  it("refuses an assignment or a post after the study window ended, and takes them inside it", async () => {
    const ended = await seedFixtureCourse(db, world.tenantId, {
      ownerId: world.owner.actorId,
      institutionId: world.units.center.id,
      kinds: ["assignment", "discussion"],
      facts: { studyStartsAt: new Date(Date.now() - 48 * 3600_000), studyEndsAt: new Date(Date.now() - 3600_000) },
    });
    const open = await seedFixtureCourse(db, world.tenantId, { ownerId: world.owner.actorId, institutionId: world.units.center.id, kinds: ["assignment", "discussion"] });
    const teacher = await world.teacherAt(world.units.schoolA.id);
    await enrol(db, world.tenantId, ended, teacher.userId);
    await enrol(db, world.tenantId, open, teacher.userId);
    const submit = (c: typeof open) => submitAssignment({ db, producer: world.producer, actor: teacher.actor, input: { courseId: c.courseId, unitId: c.units.assignment!, body: "我的教学反思" } });
    const post = (c: typeof open) => addPost({ db, producer: world.producer, actor: teacher.actor, input: { courseId: c.courseId, unitId: c.units.discussion!, body: "我的看法" } });
    expect(await reasonOf(submit(ended))).toBe("studyClosed");
    expect(await reasonOf(post(ended))).toBe("studyClosed");
    expect(await reasonOf(submit(open))).toBe("ok");
    expect(await reasonOf(post(open))).toBe("ok");
  });
});
