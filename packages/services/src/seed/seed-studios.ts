import { eq } from "drizzle-orm";
import type { OwnerDatabase } from "@yanxiu/db/client";
import { studio, studioActivity, studioMember, studioOutput, studioPost } from "@yanxiu/db/schema";

/**
 * One demo studio per province, hosted by the master teacher, with teacher1 as an active member (teacher2
 * is left out, to apply): a year's plan, a thread on the board and an output. Skipped when the studio is
 * already there, so the seed stays idempotent and never undoes what people did in the demo.
 */
export const demoStudioName = "初中语文名师工作室";

const plan: { kind: (typeof studioActivity.$inferInsert)["kind"]; title: string; date: string; description: string; creditHours: string }[] = [
  { kind: "lessonPlanning", title: "集体备课：七年级上册第三单元", date: "2026-09-18", description: "以大单元视角重构单元目标与任务，城乡学校教师分组备课。", creditHours: "2.0" },
  { kind: "lessonStudy", title: "课例研讨：《春》的朗读教学", date: "2026-10-16", description: "一课三磨，乡村学校教师执教，线上同步研讨。", creditHours: "2.0" },
  { kind: "observation", title: "听评课：整本书阅读推进课", date: "2026-11-20", description: "进入课堂听课，按观察量表评课。", creditHours: "1.5" },
  { kind: "lecture", title: "专题讲座：新课标下的学习任务群", date: "2026-12-11", description: "主持人主讲，面向全体成员。", creditHours: "1.0" },
];

export async function seedDemoStudio(owner: OwnerDatabase, tenantId: string, opts: { hostId: string; memberId: string; orgUnitId: string }) {
  await owner.withTenant(tenantId, async (tx) => {
    const [existing] = await tx.select({ id: studio.id }).from(studio).where(eq(studio.name, demoStudioName)).limit(1);
    if (existing) return;
    const [row] = await tx
      .insert(studio)
      .values({
        tenantId,
        name: demoStudioName,
        hostId: opts.hostId,
        subject: "语文",
        stages: ["juniorSecondary"],
        orgUnitId: opts.orgUnitId,
        termStart: "2026-09-01",
        termEnd: "2029-08-31",
        description: "立足课堂、辐射乡村：与薄弱学校、乡村学校结对，开展线上联合教研，积累语文教学案例。",
        createdBy: opts.hostId,
      })
      .returning({ id: studio.id });
    const studioId = row!.id;
    const now = new Date();
    await tx.insert(studioMember).values([
      { tenantId, studioId, userId: opts.hostId, role: "host", status: "active", decidedBy: opts.hostId, decidedAt: now },
      { tenantId, studioId, userId: opts.memberId, role: "member", status: "active", decidedBy: opts.hostId, decidedAt: now },
    ]);
    const activities = await tx
      .insert(studioActivity)
      .values(plan.map((a) => ({ tenantId, studioId, ...a, createdBy: opts.hostId })))
      .returning({ id: studioActivity.id });
    await tx.insert(studioPost).values({
      tenantId,
      studioId,
      authorId: opts.hostId,
      title: "第三单元集体备课：大家先说说学情",
      body: "请各位老师结合自己学校的学生，说说本单元朗读和写景散文学习中的难点，周五前回复。",
    });
    await tx.insert(studioOutput).values({
      tenantId,
      studioId,
      kind: "lessonPlan",
      title: "七年级上册第三单元大单元教学设计",
      description: "集体备课形成的单元整体设计，含学习任务与评价量表。",
      authors: "工作室全体成员",
      activityId: activities[0]!.id,
      createdBy: opts.hostId,
    });
  });
}
