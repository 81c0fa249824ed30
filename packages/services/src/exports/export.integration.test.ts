import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import type { TGrant } from "@yanxiu/domain/permissions";
import { jobTestSetup } from "../platform/job-test-setup.ts";
import type { TActor } from "../org/scope.ts";
import { readRosterRows } from "../platform/xlsx/xlsx.ts";
import { buildTeacher, buildTenant, seedOrgUnit, seedTeacher, seedTenant, seedUser, buildUser } from "../seed/factories.ts";
import { getPeopleExport, runPeopleExport, startPeopleExport } from "./index.ts";
import { seedAward } from "../credits/test-setup.ts";
import { recomputeTenantStatuses } from "../credits/policy.ts";
import { chinaDay } from "../credits/status.ts";

const { owner, db, producer, files } = jobTestSetup("export");

let tenantId: string;
let countyA: TActor;
let countyBId: string;
let countyAPath: string;
let countyBPath: string;
let diligentNo: string;

beforeAll(async () => {
  const t = await seedTenant(owner, buildTenant());
  tenantId = t.id;
  const s = t.slug.slice(2, 8);
  const prov = await seedOrgUnit(owner, tenantId, { kind: "province", name: "省", code: `EP${s}` });
  const a = await seedOrgUnit(owner, tenantId, { kind: "county", name: "甲", code: `EKA${s}`, parentId: prov.id });
  const b = await seedOrgUnit(owner, tenantId, { kind: "county", name: "乙", code: `EKB${s}`, parentId: prov.id });
  countyBId = b.id;
  countyAPath = a.path;
  countyBPath = b.path;
  const a1 = await seedOrgUnit(owner, tenantId, { kind: "school", name: "甲一", code: `EA1${s}`, parentId: a.id });
  const b1 = await seedOrgUnit(owner, tenantId, { kind: "school", name: "乙一", code: `EB1${s}`, parentId: b.id });
  for (let i = 0; i < 7; i++) await seedTeacher(owner, tenantId, a1.id, buildTeacher({ name: `甲师${i}` }));
  await seedTeacher(owner, tenantId, a1.id, buildTeacher({ name: '=HYPERLINK("http://evil","点我")' }));
  await seedTeacher(owner, tenantId, b1.id, buildTeacher({ name: "乙师" }));
  // One teacher of county 甲 with 80 学时 this year: 按计划 whatever the day, the others behind.
  const diligent = buildTeacher({ name: "勤学" });
  diligentNo = diligent.teacherNo;
  const { userId } = await seedTeacher(owner, tenantId, a1.id, diligent);
  await seedAward(owner, tenantId, userId, { hours: 80, countsFor: chinaDay(), category: "concentrated" });
  await recomputeTenantStatuses({ db: owner, tenantId });
  const ca = await seedUser(owner, tenantId, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: a.id }] }));
  countyA = { tenantId, actorId: ca.id, grants: [{ role: "orgAdmin", orgUnitId: a.id, orgPath: a.path }] as TGrant[] };
});

describe("people export", () => {
  it("exports exactly the actor's scope, page by page, a formula-like name as the text itself", async () => {
    const { id } = await startPeopleExport({ db, producer, actor: countyA, query: {} });
    const r = await runPeopleExport({ db, files, tenantId, exportId: id, pageSize: 3 });
    expect(r).toEqual({ status: "done", written: 9 });
    const exp = await getPeopleExport({ db, actor: countyA, id });
    expect(exp).toMatchObject({ status: "done", totalRows: 9, writtenRows: 9 });
    const rows: string[][] = [];
    for await (const row of readRosterRows(files.localPath(exp.fileKey!), "xlsx")) rows.push(row.cells.map((c) => String(c ?? "")));
    expect(rows[0]).toEqual(["教师编号", "姓名", "性别", "手机号", "学校", "学段", "学科", "职称", "城乡"]);
    const names = rows.slice(1).map((r) => r[1]);
    expect(names).toHaveLength(9);
    expect(names).not.toContain("乙师");
    // Stored as text with the quote-prefix style (xlsx.test.ts looks at the XML), not with a "'" added.
    expect(names).toContain(`=HYPERLINK("http://evil","点我")`);
  });

  it("the staff list exports too, only the actor's scope", async () => {
    const { id } = await startPeopleExport({ db, producer, actor: countyA, query: {}, list: "staff" });
    expect(await runPeopleExport({ db, files, tenantId, exportId: id })).toMatchObject({ status: "done", written: 1 });
    const exp = await getPeopleExport({ db, actor: countyA, id });
    const rows: string[][] = [];
    for await (const row of readRosterRows(files.localPath(exp.fileKey!), "xlsx")) rows.push(row.cells.map((c) => String(c ?? "")));
    expect(rows[0]).toEqual(["登录账号", "姓名", "角色", "所属机构", "状态"]);
    expect(rows.slice(1).map((r) => r[2])).toEqual(["机构管理员"]);
  });

  it("a county admin cannot export another county: 404 at once, nothing queued", async () => {
    expect(await startPeopleExport({ db, producer, actor: countyA, query: { orgUnitId: countyBId } }).then(() => "ok", (e: AppError) => e.code)).toBe("notFound");
  });

  it("周期学时 exports every teacher of the scope with the list's figures, in keyset pages, and keeps the list's filters", async () => {
    const { id } = await startPeopleExport({ db, producer, actor: countyA, query: { sort: "cycleHours", page: "2" }, list: "creditStatus" });
    expect(await runPeopleExport({ db, files, tenantId, exportId: id, pageSize: 2 })).toEqual({ status: "done", written: 9 });
    const exp = await getPeopleExport({ db, actor: countyA, id });
    expect(exp).toMatchObject({ status: "done", totalRows: 9, writtenRows: 9 });
    const rows: string[][] = [];
    for await (const row of readRosterRows(files.localPath(exp.fileKey!), "xlsx")) rows.push(row.cells.map((c) => String(c ?? "")));
    expect(rows[0]!.slice(0, 4)).toEqual(["教师编号", "姓名", "学校", "城乡"]);
    expect(rows[0]![4]).toMatch(/^本周期学时（\d{4}–\d{4} 年）$/);
    expect(rows[0]![6]).toBe("进度");
    const body = rows.slice(1);
    expect(body).toHaveLength(9);
    expect(new Set(body.map((r) => r[0])).size).toBe(9);
    expect(body.map((r) => r[1])).not.toContain("乙师");
    expect(body.find((r) => r[0] === diligentNo)).toEqual([diligentNo, "勤学", "甲一", "城镇", "80", "80", "按计划"]);
    expect(body.filter((r) => r[6] === "进度落后")).toHaveLength(8);

    const behind = await startPeopleExport({ db, producer, actor: countyA, query: { behind: "1", q: "甲师" }, list: "creditStatus" });
    expect(await runPeopleExport({ db, files, tenantId, exportId: behind.id, pageSize: 3 })).toEqual({ status: "done", written: 7 });
    expect((await getPeopleExport({ db, actor: countyA, id: behind.id })).totalRows).toBe(7);
  });

  it("a bad 周期学时 filter is refused before anything is queued, and another province cannot read the export", async () => {
    expect(await startPeopleExport({ db, producer, actor: countyA, query: { q: "x".repeat(65) }, list: "creditStatus" }).then(() => "ok", (e: AppError) => e.code)).toBe("badRequest");
    const { id } = await startPeopleExport({ db, producer, actor: countyA, query: {}, list: "creditStatus" });
    const other = await seedTenant(owner, buildTenant());
    const stranger = await seedUser(owner, other.id, buildUser({ roles: [{ role: "provinceAdmin" }] }));
    const strangerActor: TActor = { tenantId: other.id, actorId: stranger.id, grants: [{ role: "provinceAdmin", orgUnitId: null, orgPath: null }] as TGrant[] };
    expect(await getPeopleExport({ db, actor: strangerActor, id }).then(() => "ok", (e: AppError) => e.code)).toBe("notFound");
  });
});

describe("audit log export", () => {
  it("writes every event of the actor's scope under the log's filters, newest first, across keyset pages within one millisecond", async () => {
    // Nine events of county 甲 a microsecond apart (one JS millisecond), one of county 乙, one of another action.
    const rows = [
      ...Array.from({ length: 9 }, (_, i) => ({ action: "account.create", path: countyAPath, at: `2026-11-02 10:00:00.12300${i}+08`, target: `user:${i}` })),
      { action: "account.create", path: countyBPath, at: "2026-11-02 10:00:00.5+08", target: "user:b" },
      { action: "roster.import", path: countyAPath, at: "2026-11-03 09:00:00+08", target: "import:1" },
    ];
    await owner.withTenant(tenantId, async (tx) => {
      for (const r of rows) {
        await tx.execute(sql`insert into audit_event (tenant_id, id, action, target, org_path, data, occurred_at) values (${tenantId}, ${randomUUID()}, ${r.action}, ${r.target}, ${r.path}, '{}'::jsonb, ${r.at}::timestamptz)`);
      }
    });
    const { id } = await startPeopleExport({ db, producer, actor: countyA, query: { action: "account", from: "2026-11-01", to: "2026-11-02", page: "3" }, list: "auditLog" });
    const r = await runPeopleExport({ db, files, tenantId, exportId: id, pageSize: 2, labels: { auditAction: (a) => (a === "account.create" ? "新建账号" : a) } });
    expect(r).toEqual({ status: "done", written: 9 });
    const exp = await getPeopleExport({ db, actor: countyA, id });
    expect(exp).toMatchObject({ status: "done", totalRows: 9, writtenRows: 9 });
    const out: string[][] = [];
    for await (const row of readRosterRows(files.localPath(exp.fileKey!), "xlsx")) out.push(row.cells.map((c) => String(c ?? "")));
    expect(out[0]).toEqual(["时间（北京时间）", "操作", "操作代码", "操作人", "账号", "对象", "IP"]);
    // Each of the nine once, newest first; none of county 乙, none of another action or day.
    expect(out.slice(1).map((r) => r[5])).toEqual(Array.from({ length: 9 }, (_, i) => `user:${8 - i}`));
    expect(out.slice(1).every((r) => r[0] === "2026-11-02 10:00:00" && r[1] === "新建账号" && r[2] === "account.create")).toBe(true);
  });

  it("refuses a malformed filter at once, and a non-administrator finds no log", async () => {
    expect(await startPeopleExport({ db, producer, actor: countyA, query: { from: "2026-13-01" }, list: "auditLog" }).then(() => "ok", (e: AppError) => e.code)).toBe("badRequest");
    expect(await startPeopleExport({ db, producer, actor: countyA, query: { person: "a\u0000b" }, list: "auditLog" }).then(() => "ok", (e: AppError) => e.code)).toBe("badRequest");
    const teacher = { tenantId, actorId: randomUUID(), grants: [{ role: "teacher", orgUnitId: null, orgPath: null }] as TGrant[] };
    expect(await startPeopleExport({ db, producer, actor: teacher, query: {}, list: "auditLog" }).then(() => "ok", (e: AppError) => e.code)).toBe("notFound");
  });
});
