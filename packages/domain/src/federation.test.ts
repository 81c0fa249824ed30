import { describe, expect, it } from "vitest";
import { attendanceShortfall, daysBetween, deliveryBackoffMs, federationDirection, federationKinds, ZAllocateNationalQuotaInput, ZFederationMessage, ZSaveNationalRollCallInput } from "./federation.ts";

const nominee = { kind: "nomineeApproved", v: 1, projectId: "6f1c1a53-2b5e-4e0f-8f5a-4a1f0c6d2b11", ref: "0b4f2e6a-7c1d-4d3e-9a8b-1c2d3e4f5a6b", name: "张三", school: "一中", subject: "语文", homeProvince: "湖南省" };

describe("federation messages", () => {
  it("a nominee message carries the listed fields and nothing more", () => {
    expect(ZFederationMessage.parse(nominee)).toEqual(nominee);
    for (const extra of [{ phone: "13800000000" }, { idNumber: "430102199001011234" }, { teacherId: nominee.ref }]) {
      expect(ZFederationMessage.safeParse({ ...nominee, ...extra }).success).toBe(false);
    }
  });

  it("refuses an unknown kind, an unknown version, control characters and huge text with the field named", () => {
    const issues = (v: unknown) => {
      const r = ZFederationMessage.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(issues({ ...nominee, kind: "x" })[0]).toMatch(/^kind/);
    expect(issues({ ...nominee, v: 2 })[0]).toMatch(/^v/);
    expect(issues({ ...nominee, name: "a\u0000b" })).toEqual(["name: 姓名含有不可见的控制字符"]);
    expect(issues({ ...nominee, school: "a\r\nb" })).toEqual(["school: 学校含有不可见的控制字符"]);
    expect(issues({ ...nominee, name: "长".repeat(100_000) })).toEqual(["name: 姓名不能超过 40 字"]);
  });

  it("every kind has a direction, one way between the platform and a province", () => {
    for (const k of federationKinds) expect(federationDirection[k].from).not.toBe(federationDirection[k].to);
  });

  it("backoff doubles and is capped at ten minutes", () => {
    expect([1, 2, 3].map((a) => deliveryBackoffMs(a))).toEqual([1000, 2000, 4000]);
    expect(deliveryBackoffMs(50)).toBe(600_000);
  });

  it("a national quota form: seats are a whole number from 0", () => {
    const base = { projectId: nominee.projectId, provinceTenantId: nominee.ref };
    expect(ZAllocateNationalQuotaInput.parse({ ...base, seats: " 12 " }).seats).toBe(12);
    expect(ZAllocateNationalQuotaInput.safeParse({ ...base, seats: "-1" }).success).toBe(false);
    expect(ZAllocateNationalQuotaInput.safeParse({ ...base, seats: "1.5" }).success).toBe(false);
  });
});

describe("national attendance rules", () => {
  it("a shortfall only when fewer days were attended than required; no rule at 0", () => {
    expect(attendanceShortfall(29, 30)).toEqual({ attended: 29, required: 30 });
    expect(attendanceShortfall(30, 30)).toBeNull();
    expect(attendanceShortfall(0, 0)).toBeNull();
  });

  it("days between two dates count both ends", () => {
    expect(daysBetween("2026-03-01", "2026-03-01")).toBe(1);
    expect(daysBetween("2026-03-01", "2026-12-31")).toBe(306);
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(3);
  });

  it("a roll call's ticked trainees must be among those it showed", () => {
    const id = "6f1c1a53-2b5e-4e0f-8f5a-4a1f0c6d2b11";
    const other = "0b4f2e6a-7c1d-4d3e-9a8b-1c2d3e4f5a6b";
    const base = { projectId: id, day: "2026-06-01", classCode: "一班" };
    // One form field arrives as a string, several as an array; none as nothing.
    expect(ZSaveNationalRollCallInput.parse({ ...base, traineeIds: id, present: id })).toMatchObject({ traineeIds: [id], present: [id] });
    expect(ZSaveNationalRollCallInput.parse({ ...base, traineeIds: [id, other] })).toMatchObject({ present: [] });
    expect(ZSaveNationalRollCallInput.safeParse({ ...base, traineeIds: [id], present: [other] }).success).toBe(false);
  });
});
