import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database, OwnerDatabase } from "@yanxiu/db/client";
import { seedFixtureCourse } from "../courses/test-fixtures.ts";
import { enrollment, storedFile, studio, studioMember } from "@yanxiu/db/schema";
import { buildTenant, buildUser, seedOrgUnit, seedTenant, seedUser } from "../seed/factories.ts";
import type { TLiveActor } from "./access.ts";
import { createLiveSession } from "./create-live-session.ts";
import { enrol } from "../courses/classwork/test-setup.ts";

/**
 * A province for the live room tests (integration tests only, here and in apps/realtime): a studio with
 * its host, a co-host, two active members, an applicant and an outsider; a course with a `liveSession`
 * unit, its owner, an enrolled teacher and a withdrawn one; one scheduled session for each.
 */
export type TLivePerson = { id: string; login: string; password: string; displayName: string; actor: TLiveActor };

export async function seedLiveWorld(owner: OwnerDatabase, db: Database) {
  const tenant = await seedTenant(owner, buildTenant());
  const tenantId = tenant.id;
  const s = tenant.slug.slice(2, 8);
  const province = await seedOrgUnit(owner, tenantId, { kind: "province", name: "省", code: `LP${s}` });
  const school = await seedOrgUnit(owner, tenantId, { kind: "school", name: "一中", code: `LS${s}`, parentId: province.id });
  const center = await seedOrgUnit(owner, tenantId, { kind: "developmentCenter", name: "教师发展中心", code: `LC${s}`, parentId: province.id });
  const person = async (displayName: string, role: "teacher" | "masterTeacher" | "trainer" = "teacher"): Promise<TLivePerson> => {
    const b = buildUser({ displayName, roles: [{ role, orgUnitId: role === "trainer" ? center.id : school.id }] });
    const u = await seedUser(owner, tenantId, b);
    return { id: u.id, login: b.login, password: b.password, displayName, actor: { tenantId, actorId: u.id } };
  };
  const host = await person("主持人", "masterTeacher");
  const coHost = await person("助教");
  const memberA = await person("成员甲");
  const memberB = await person("成员乙");
  const applicant = await person("申请人");
  const outsider = await person("局外人");
  const trainer = await person("培训者", "trainer");
  const enrolled = await person("学员");
  const withdrawn = await person("退课学员");

  const studioId = randomUUID();
  await db.withTenant(tenantId, async (tx) => {
    await tx.insert(studio).values({
      tenantId,
      id: studioId,
      name: `名师工作室${s}`,
      hostId: host.id,
      subject: "语文",
      orgUnitId: school.id,
      termStart: "2026-09-01",
      termEnd: "2027-07-31",
      createdBy: host.id,
    });
    const member = (userId: string, role: "host" | "coHost" | "member", status: "active" | "applied") =>
      tx.insert(studioMember).values({ tenantId, studioId, userId, role, status });
    await member(host.id, "host", "active");
    await member(coHost.id, "coHost", "active");
    await member(memberA.id, "member", "active");
    await member(memberB.id, "member", "active");
    await member(applicant.id, "member", "applied");
  });

  const course = await seedFixtureCourse(db, tenantId, { ownerId: trainer.id, institutionId: center.id, kinds: ["liveSession"] });
  await enrol(db, tenantId, course, enrolled.id);
  const w = await enrol(db, tenantId, course, withdrawn.id);
  await db.withTenant(tenantId, async (tx) => {
    await tx.update(enrollment).set({ status: "withdrawn" }).where(eq(enrollment.id, w.id));
  });

  const when = { scheduledStart: new Date(Date.now() + 3600_000).toISOString(), scheduledMinutes: 60 };
  const newStudioSession = (title = "集体备课") => createLiveSession({ db, actor: host.actor, input: { studioId, title, ...when } });
  const newCourseSession = (title = "直播答疑") =>
    createLiveSession({ db, actor: trainer.actor, input: { courseId: course.courseId, unitId: course.unitIds[0]!, title, ...when } });

  /** A stored PDF of purpose liveSlides owned by `ownerId` (no bytes: the services check the row only). */
  const slidesFile = async (ownerId: string) => {
    const id = randomUUID();
    await db.withTenant(tenantId, (tx) =>
      tx.insert(storedFile).values({ tenantId, id, ownerId, purpose: "liveSlides", mime: "application/pdf", key: `${tenantId}/media/${id}.pdf`, size: 1, originalName: "课件.pdf" }),
    );
    return id;
  };

  return {
    tenant,
    tenantId,
    studioId,
    course,
    people: { host, coHost, memberA, memberB, applicant, outsider, trainer, enrolled, withdrawn },
    newStudioSession,
    newCourseSession,
    slidesFile,
  };
}
