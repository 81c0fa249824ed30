import { describe, expect, it } from "vitest";
import {
  membershipRefusal,
  nextMemberStatus,
  parseTags,
  studioPermissions,
  ZActivityInput,
  ZCreateStudioInput,
  ZPostInput,
  ZResourceInput,
  type TMemberStatus,
  type TStudioRole,
} from "./studios.ts";

const m = (status: TMemberStatus, role: TStudioRole = "member") => ({ status, role });
const id = "3f1c7a52-9a4e-4c0e-8f51-0d6f3b1d2a11";

describe("studio membership", () => {
  it("a teacher applies once; the host approves or rejects; a rejected or departed teacher may apply again", () => {
    expect(nextMemberStatus(null, "apply")).toBe("applied");
    expect(nextMemberStatus(m("applied"), "apply")).toBeNull();
    expect(membershipRefusal(m("applied"), "apply")).toBe("alreadyApplied");
    expect(membershipRefusal(m("active"), "apply")).toBe("alreadyStudioMember");
    expect(nextMemberStatus(m("applied"), "approve")).toBe("active");
    expect(nextMemberStatus(m("applied"), "reject")).toBe("rejected");
    expect(nextMemberStatus(m("rejected"), "apply")).toBe("applied");
    expect(nextMemberStatus(m("left"), "apply")).toBe("applied");
    expect(nextMemberStatus(m("active"), "approve")).toBeNull();
    expect(membershipRefusal(m("rejected"), "approve")).toBe("membershipNotPending");
  });

  it("an invitation is accepted or declined by the invited teacher only while pending", () => {
    expect(nextMemberStatus(null, "invite")).toBe("invited");
    expect(nextMemberStatus(m("invited"), "accept")).toBe("active");
    expect(nextMemberStatus(m("invited"), "decline")).toBe("rejected");
    expect(nextMemberStatus(m("applied"), "accept")).toBeNull();
    expect(membershipRefusal(m("invited"), "invite")).toBe("alreadyApplied");
  });

  it("members leave or are removed; the host never moves", () => {
    expect(nextMemberStatus(m("active"), "leave")).toBe("left");
    expect(nextMemberStatus(m("applied"), "leave")).toBe("left");
    expect(nextMemberStatus(m("active", "coHost"), "remove")).toBe("left");
    expect(nextMemberStatus(m("invited"), "remove")).toBeNull();
    expect(nextMemberStatus(m("active", "host"), "leave")).toBeNull();
    expect(nextMemberStatus(m("active", "host"), "remove")).toBeNull();
    expect(membershipRefusal(m("active", "host"), "invite")).toBe("alreadyStudioMember");
  });
});

describe("studio permissions", () => {
  const p = (member: ReturnType<typeof m> | null, adminInScope = false, archived = false) => studioPermissions({ member, adminInScope, archived });

  it("a non-member sees public facts only and may apply", () => {
    expect(p(null)).toMatchObject({ readMembersOnly: false, post: false, manage: false, apply: true, leave: false });
    expect(p(m("applied"))).toMatchObject({ readMembersOnly: false, apply: false, leave: true });
    expect(p(m("invited"))).toMatchObject({ readMembersOnly: false, answerInvitation: true });
  });

  it("members read and post; host and co-host manage; only the host sets roles", () => {
    expect(p(m("active"))).toMatchObject({ readMembersOnly: true, post: true, manage: false, setRoles: false, leave: true });
    expect(p(m("active", "coHost"))).toMatchObject({ manage: true, setRoles: false, editFacts: false });
    expect(p(m("active", "host"))).toMatchObject({ manage: true, setRoles: true, editFacts: true, leave: false, archive: false });
  });

  it("an admin over the org unit edits and archives the studio but does not read members-only content", () => {
    expect(p(null, true)).toMatchObject({ editFacts: true, archive: true, readMembersOnly: false, manage: false });
  });

  it("an archived studio is read-only", () => {
    expect(p(m("active", "host"), true, true)).toMatchObject({ readMembersOnly: true, post: false, manage: false, editFacts: false, archive: false });
    expect(p(null, false, true).apply).toBe(false);
  });
});

describe("studio inputs", () => {
  const base = { name: "初中语文名师工作室", subject: "语文", stages: "juniorSecondary", orgUnitId: id, termStart: "2026-09-01", termEnd: "2027-08-31", hostLogin: "hn_mingshi" };

  it("a studio needs a name, a host, a stage and a term that does not end before it starts", () => {
    expect(ZCreateStudioInput.parse(base).stages).toEqual(["juniorSecondary"]);
    const r = ZCreateStudioInput.safeParse({ ...base, name: " ", stages: [], termEnd: "2026-01-01", orgUnitId: "" });
    expect(r.success).toBe(false);
    const fields = Object.fromEntries(r.error!.issues.map((i) => [String(i.path[0]), i.message]));
    expect(fields).toMatchObject({ name: "请填写工作室名称", stages: "请至少选择一个学段", orgUnitId: "请选择所属机构" });
    const late = ZCreateStudioInput.safeParse({ ...base, termEnd: "2026-01-01" });
    expect(late.error?.issues[0]).toMatchObject({ path: ["termEnd"], message: "结束日期不能早于开始日期" });
  });

  it("tags are split on commas of either width, 、 and spaces, without duplicates", () => {
    expect(parseTags("大单元, 阅读，阅读、 作文  ")).toEqual(["大单元", "阅读", "作文"]);
    expect(ZResourceInput.parse({ studioId: id, fileId: id, title: "案例", tags: "a,b", isCase: "on" })).toMatchObject({ tags: ["a", "b"], isCase: true, visibility: "members" });
    expect(ZResourceInput.safeParse({ studioId: id, fileId: "", title: "案例" }).error?.issues[0]?.message).toBe("请先上传文件");
    expect(ZResourceInput.safeParse({ studioId: id, fileId: id, title: "x", tags: Array.from({ length: 11 }, (_, i) => `t${i}`).join(",") }).success).toBe(false);
  });

  it("a thread needs a title; a reply does not", () => {
    expect(ZPostInput.safeParse({ studioId: id, body: "内容" }).error?.issues[0]).toMatchObject({ path: ["title"], message: "请填写主题" });
    expect(ZPostInput.safeParse({ studioId: id, parentId: id, body: "回复" }).success).toBe(true);
    expect(ZPostInput.safeParse({ studioId: id, title: "主题", body: "" }).success).toBe(false);
  });
});

describe("activity 学时", () => {
  const base = { studioId: "6c1f1f5e-6b43-4f3a-9a52-1c5e4f1d2a10", kind: "lessonPlanning", title: "集体备课", date: "2026-11-20" };
  it("defaults to none, accepts tenths from a form field, refuses finer, negative or too many", () => {
    expect(ZActivityInput.parse(base).creditHours).toBe(0);
    expect(ZActivityInput.parse({ ...base, creditHours: "" }).creditHours).toBe(0);
    expect(ZActivityInput.parse({ ...base, creditHours: "1.5" }).creditHours).toBe(1.5);
    for (const bad of ["1.25", "-1", "21", "abc"]) expect(ZActivityInput.safeParse({ ...base, creditHours: bad }).success).toBe(false);
  });
});
