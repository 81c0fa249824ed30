import { afterAll, describe, expect, it } from "vitest";
import { trainingProject } from "@yanxiu/db/schema";
import { seedCreditWorld } from "@yanxiu/services/credits/test-setup";
import { myNotifications } from "@yanxiu/services/notifications";
import { testDatabase, testOwnerDatabase } from "@yanxiu/services/testing";
import { startReportReminders } from "./report-reminders.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

describe("report reminders in the worker", () => {
  it("the sweep reminds the county admins of an overdue 绩效评估报告, and only once however often it runs", { timeout: 30_000 }, async () => {
    const w = await seedCreditWorld(owner);
    const [p] = await owner.withTenant(w.tenantId, (tx) =>
      tx
        .insert(trainingProject)
        .values({
          tenantId: w.tenantId,
          ownerUnitId: w.units.countyA.id,
          level: "county",
          name: "甲县班主任培训",
          category: "subject",
          form: "fullTime",
          startsOn: "2025-03-01",
          endsOn: "2025-03-05",
          plannedHours: "24",
          creditCategory: "concentrated",
          organiserLevel: "county",
          enrolmentMode: "nomination",
          state: "closed",
        })
        .returning({ id: trainingProject.id }),
    );
    const logs: string[] = [];
    const sweep = startReportReminders({ db, log: (m) => logs.push(m), everyMs: 200, tenantIds: new Set([w.tenantId]) });
    try {
      for (let i = 0; i < 100 && !logs.some((l) => l.startsWith("reminded")); i++) await new Promise((r) => setTimeout(r, 100));
      // Several more passes go by.
      await new Promise((r) => setTimeout(r, 800));
    } finally {
      await sweep.close();
    }
    expect(logs).toEqual(["reminded 1 overdue report notice(s)"]);
    const mine = await myNotifications({ db, actor: w.countyAdminA });
    expect(mine.total).toBe(1);
    expect(mine.notices[0]).toMatchObject({ notice: { kind: "reportOverdue", params: { projectName: "甲县班主任培训", dueOn: "2025-03-20" } }, link: `/admin/projects/${p!.id}/evaluation` });
  });
});
