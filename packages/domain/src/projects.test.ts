import { describe, expect, it } from "vitest";
import {
  allocationRefusal,
  buildInfoFormValidator,
  infoFormFromFields,
  listFromText,
  childQuotaKeyRefusal,
  nextNomination,
  nextProjectState,
  organiserLevelOfProject,
  parseInfoAnswers,
  projectEditRefusal,
  projectLevelOf,
  quotaRemaining,
  quotaSubtreeTotals,
  reviewChain,
  takesApplications,
  applicationRefusal,
  seatAvailable,
  takesNominations,
  ZCreateProjectInput,
  ZInfoForm,
  ZNominateInput,
  ZReviewNominationInput,
  ZWithdrawNominationInput,
  type TInfoForm,
  type TNominationState,
} from "./projects.ts";

const owner = "00000000-0000-4000-8000-000000000001";
const facts = (over: Record<string, unknown> = {}) => ({
  ownerUnitId: owner,
  name: "2026年初中语文骨干教师培训",
  category: "backbone",
  form: "blended",
  startsOn: "2026-03-01",
  endsOn: "2026-06-30",
  plannedHours: "48",
  creditCategory: "concentrated",
  targetRoles: ["teacher"],
  subjects: "语文",
  stages: ["juniorSecondary"],
  capacity: "100",
  enrolmentMode: "nomination",
  ...over,
});
const fieldErrors = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).reverse().map((i) => [String(i.path[0] ?? "form"), i.message]));

describe("project facts", () => {
  it("a form post becomes a project: numbers coerced, one subject made a list, defaults filled", () => {
    const r = ZCreateProjectInput.parse(facts());
    expect(r).toMatchObject({ plannedHours: 48, capacity: 100, subjects: ["语文"], needsApproval: false, requiredDays: 0, quotaKeys: [], infoForm: [] });
  });

  it("refuses what a form should not carry: dates out of order, a nomination project without seats, half-hour steps, negative seats, unknown keys", () => {
    expect(fieldErrors(ZCreateProjectInput.safeParse(facts({ endsOn: "2026-02-01" })))).toEqual({ endsOn: "结束日期不能早于开始日期" });
    expect(fieldErrors(ZCreateProjectInput.safeParse(facts({ capacity: "0" })))).toEqual({ capacity: "按推荐报名的项目须设置名额总数" });
    expect(ZCreateProjectInput.safeParse(facts({ capacity: "0", enrolmentMode: "selfEnrolment" })).success).toBe(true);
    expect(fieldErrors(ZCreateProjectInput.safeParse(facts({ plannedHours: "12.3" })))).toEqual({ plannedHours: "计划学时以 0.5 为单位" });
    expect(fieldErrors(ZCreateProjectInput.safeParse(facts({ capacity: "-1" })))).toEqual({ capacity: "名额总数不能为负数" });
    expect(fieldErrors(ZCreateProjectInput.safeParse(facts({ startsOn: "2026-02-30" })))).toEqual({ startsOn: "日期无效" });
    expect(ZCreateProjectInput.safeParse(facts({ tenantId: owner })).success).toBe(false);
  });

  it("hostile text is refused with a reason, not stored: NUL, CR/LF in a name, a huge name", () => {
    expect(fieldErrors(ZCreateProjectInput.safeParse(facts({ name: "培训\u0000项目" })))).toEqual({ name: "项目名称含有不可见的控制字符" });
    expect(fieldErrors(ZCreateProjectInput.safeParse(facts({ name: "培训\r\n项目" })))).toEqual({ name: "项目名称含有不可见的控制字符" });
    expect(fieldErrors(ZCreateProjectInput.safeParse(facts({ name: "名".repeat(1_000_000) })))).toEqual({ name: "项目名称不能超过 80 字" });
    expect(fieldErrors(ZCreateProjectInput.safeParse(facts({ description: "第一行\n第二行\u0000" })))).toEqual({ description: "项目简介含有不可见的控制字符" });
    expect(ZCreateProjectInput.parse(facts({ description: "第一行\n第二行" })).description).toBe("第一行\n第二行");
    expect(fieldErrors(ZCreateProjectInput.safeParse(facts({ ownerUnitId: "../../etc" })))).toEqual({ ownerUnitId: "请选择主办机构" });
  });

  it("the level comes from the owner unit's kind, and the ledger's organiser level from the level", () => {
    expect(projectLevelOf("county")).toBe("county");
    expect(projectLevelOf("trainingInstitution")).toBeNull();
    expect(organiserLevelOfProject("province")).toBe("provincial");
    expect(organiserLevelOfProject("school")).toBe("school");
  });
});

describe("project states", () => {
  const p = (state: "draft" | "pendingApproval" | "published" | "running" | "closed", needsApproval = false, level: "province" | "county" = "county") => ({ state, needsApproval, level });

  it("a project that needs the level above's approval waits for it; others are published on submit", () => {
    expect(nextProjectState(p("draft", true), "submit")).toBe("pendingApproval");
    expect(nextProjectState(p("draft", false), "submit")).toBe("published");
    // A province's own project has no level above inside the tenant.
    expect(nextProjectState(p("draft", true, "province"), "submit")).toBe("published");
    expect(nextProjectState(p("pendingApproval", true), "approve")).toBe("published");
    expect(nextProjectState(p("pendingApproval", true), "return")).toBe("draft");
  });

  it("runs and closes in order, and nothing goes backwards", () => {
    expect(nextProjectState(p("published"), "start")).toBe("running");
    expect(nextProjectState(p("running"), "close")).toBe("closed");
    expect(nextProjectState(p("published"), "close")).toBeNull();
    expect(nextProjectState(p("closed"), "start")).toBeNull();
    expect(nextProjectState(p("published"), "submit")).toBeNull();
    expect(nextProjectState(p("draft"), "approve")).toBeNull();
  });

  it("planned 学时 (and what nominations rely on) are fixed once published; the name is not", () => {
    expect(projectEditRefusal("draft", ["plannedHours"])).toBeNull();
    expect(projectEditRefusal("published", ["name", "endsOn"])).toBeNull();
    expect(projectEditRefusal("published", ["plannedHours"])).toMatch(/plannedHours/);
    expect(projectEditRefusal("running", ["infoForm"])).toMatch(/infoForm/);
    expect(projectEditRefusal("pendingApproval", ["name"])).not.toBeNull();
    expect(projectEditRefusal("closed", ["name"])).not.toBeNull();
  });

  it("takes nominations only when published or running, and never in a self-enrolment-only project", () => {
    expect(takesNominations({ state: "published", enrolmentMode: "nomination" })).toBe(true);
    expect(takesNominations({ state: "running", enrolmentMode: "both" })).toBe(true);
    expect(takesNominations({ state: "draft", enrolmentMode: "nomination" })).toBe(false);
    expect(takesNominations({ state: "published", enrolmentMode: "selfEnrolment" })).toBe(false);
  });
});

describe("quota arithmetic", () => {
  it("remaining is what a level got minus what it handed down and what its nominations hold", () => {
    expect(quotaRemaining({ seats: 10, allocated: 6, used: 3 })).toBe(1);
    expect(seatAvailable({ seats: 10, allocated: 6, used: 3 })).toBe(true);
    expect(seatAvailable({ seats: 10, allocated: 6, used: 4 })).toBe(false);
  });

  it("a level cannot hand out more than it has left, nor take back seats already handed down or used", () => {
    const parent = { seats: 10, allocated: 6, used: 1 };
    expect(allocationRefusal(parent, null, 3)).toBeNull();
    expect(allocationRefusal(parent, null, 4)).toBe("名额不足：上级剩余 3 个");
    // Growing a child by 3 needs 3 left; its own seats are already counted in `allocated`.
    expect(allocationRefusal(parent, { seats: 6, allocated: 0, used: 0 }, 9)).toBeNull();
    expect(allocationRefusal(parent, { seats: 6, allocated: 0, used: 0 }, 10)).not.toBeNull();
    expect(allocationRefusal(parent, { seats: 6, allocated: 4, used: 1 }, 4)).toBe("不能少于已下发和已使用的 5 个");
    expect(allocationRefusal(parent, { seats: 6, allocated: 4, used: 1 }, 5)).toBeNull();
    expect(allocationRefusal(parent, null, -1)).toBe("名额须为不小于 0 的整数");
    expect(allocationRefusal(parent, null, 1.5)).toBe("名额须为不小于 0 的整数");
  });

  it("every refusal the rules let through keeps every node at zero or more (a random walk of allocations)", () => {
    // A fixed pseudo-random sequence: the same walk each run.
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const nodes = [{ seats: 50, allocated: 0, used: 0, parent: -1 }];
    let negatives = 0;
    for (let step = 0; step < 2000; step++) {
      const i = rnd(nodes.length);
      const parent = nodes[i]!;
      const kind = rnd(3);
      if (kind === 0) {
        const want = rnd(20);
        if (allocationRefusal(parent, null, want) === null) {
          parent.allocated += want;
          nodes.push({ seats: want, allocated: 0, used: 0, parent: i });
        }
      } else if (kind === 1 && seatAvailable(parent)) parent.used += 1;
      else if (kind === 2 && parent.parent >= 0) {
        const up = nodes[parent.parent]!;
        const want = rnd(25);
        if (allocationRefusal(up, parent, want) === null) {
          up.allocated += want - parent.seats;
          parent.seats = want;
        }
      }
      for (const n of nodes) if (quotaRemaining(n) < 0) negatives += 1;
    }
    expect(negatives).toBe(0);
    // Not vacuous: the walk built a tree and used seats.
    expect(nodes.length).toBeGreaterThan(10);
    expect(nodes.some((n) => n.used > 0 && n.allocated > 0)).toBe(true);
  });

  it("subtree totals add up what is held and what is free below each level", () => {
    const rows = [
      { id: "p", parentId: null, seats: 10, allocated: 8, used: 1 },
      { id: "c", parentId: "p", seats: 8, allocated: 5, used: 2 },
      { id: "s", parentId: "c", seats: 5, allocated: 0, used: 4 },
    ];
    const t = Object.fromEntries(quotaSubtreeTotals(rows).map((r) => [r.id, r]));
    expect(t.p).toMatchObject({ remaining: 1, usedInSubtree: 7, remainingInSubtree: 3 });
    expect(t.c).toMatchObject({ remaining: 1, usedInSubtree: 6, remainingInSubtree: 2 });
    expect(t.s).toMatchObject({ remaining: 1, usedInSubtree: 4, remainingInSubtree: 1 });
    // A county admin sees only their part: the city row is not theirs, so the county is a root.
    expect(quotaSubtreeTotals(rows.slice(2))[0]).toMatchObject({ usedInSubtree: 4 });
  });

  it("a keyed allocation passes its own key down; a pooled one may split by the project's keys", () => {
    expect(childQuotaKeyRefusal("", "语文", ["语文", "数学"])).toBeNull();
    expect(childQuotaKeyRefusal("", "物理", ["语文", "数学"])).toBe("项目未设置该名额类别");
    expect(childQuotaKeyRefusal("语文", "数学", ["语文", "数学"])).not.toBeNull();
    expect(childQuotaKeyRefusal("语文", "语文", ["语文", "数学"])).toBeNull();
  });
});

describe("the 信息表 as data", () => {
  const form: TInfoForm = ZInfoForm.parse([
    { key: "title", label: "职称", kind: "select", required: true, options: ["一级教师", "高级教师", "正高级教师"] },
    { key: "subjects", label: "任教学科", kind: "multiSelect", required: true, options: ["语文", "数学", "英语"] },
    { key: "years", label: "教龄", kind: "number", required: true, min: 0, max: 50 },
    { key: "awards", label: "近三年获奖", kind: "text", maxLength: 10 },
    { key: "since", label: "任现职时间", kind: "date" },
  ]);

  it("answers that fit the form pass, cleaned (numbers as numbers, repeated choices once)", () => {
    const r = parseInfoAnswers(form, { title: "高级教师", subjects: ["语文", "语文"], years: " 12 ", since: "2019-09-01" });
    expect(r).toEqual({ ok: true, answers: { title: "高级教师", subjects: ["语文"], years: 12, since: "2019-09-01" } });
  });

  it("each field says in Chinese what is wrong with it", () => {
    const r = parseInfoAnswers(form, { title: "特级", subjects: ["物理"], years: "abc", awards: "很多很多很多很多很多很多", since: "2019-02-30" });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.fieldErrors).toEqual({
      "answers.title": ["请从选项中选择职称"],
      "answers.subjects": ["请从选项中选择任教学科"],
      "answers.years": ["教龄须为数字"],
      "answers.awards": ["近三年获奖不能超过 10 字"],
      "answers.since": ["任现职时间须为有效日期"],
    });
    const missing = parseInfoAnswers(form, {});
    expect(!missing.ok && missing.fieldErrors).toEqual({ "answers.title": ["请填写职称"], "answers.subjects": ["请填写任教学科"], "answers.years": ["请填写教龄"] });
    const range = parseInfoAnswers(form, { title: "一级教师", subjects: "数学", years: 60 });
    expect(!range.ok && range.fieldErrors).toEqual({ "answers.years": ["教龄不能大于 50"] });
  });

  it("refuses fields the form does not define, NUL in text, and answers that are not an object", () => {
    const extra = parseInfoAnswers(form, { title: "一级教师", subjects: "数学", years: 3, idCard: "110" });
    expect(extra.ok).toBe(false);
    const nul = parseInfoAnswers(form, { title: "一级教师", subjects: "数学", years: 3, awards: "a\u0000" });
    expect(!nul.ok && nul.fieldErrors).toEqual({ "answers.awards": ["近三年获奖含有不可见的控制字符"] });
    expect(parseInfoAnswers(form, "x").ok).toBe(false);
    expect(buildInfoFormValidator([]).safeParse({}).success).toBe(true);
  });

  it("a form definition itself is checked: keys, duplicate keys, a select without options, too many fields", () => {
    expect(ZInfoForm.safeParse([{ key: "Bad key", label: "x", kind: "text" }]).success).toBe(false);
    expect(ZInfoForm.safeParse([{ key: "__proto__", label: "x", kind: "text" }]).success).toBe(false);
    expect(ZInfoForm.safeParse([{ key: "a", label: "甲", kind: "text" }, { key: "a", label: "乙", kind: "text" }]).error?.issues[0]?.message).toBe("字段标识「a」重复");
    expect(ZInfoForm.safeParse([{ key: "a", label: "职称", kind: "select" }]).error?.issues[0]?.message).toBe("「职称」须至少有一个选项");
    expect(ZInfoForm.safeParse(Array.from({ length: 31 }, (_, i) => ({ key: `f${i}`, label: `字段${i}`, kind: "text" }))).success).toBe(false);
  });
});

describe("nominations", () => {
  const [prov, city, county, school] = ["p0", "c1", "k2", "s3"];
  const path = (...ids: string[]) => `/${ids.join("/")}/`;

  it("a school's nomination is reviewed by its county, then its city, then the owner's 资质复审", () => {
    expect(reviewChain(path(prov, city, county, school), path(prov))).toEqual([county, city, prov]);
    expect(reviewChain(path(prov, city, county), path(prov))).toEqual([city, prov]);
    expect(reviewChain(path(prov, city, county, school), path(prov, city, county))).toEqual([county]);
    expect(reviewChain(path(prov), path(prov))).toEqual([prov]);
    expect(reviewChain(path("other", school), path(prov))).toBeNull();
  });

  it("a teacher's own application (自主报名) is approved by their school first, then up the same chain", () => {
    expect(reviewChain(path(prov, city, county, school), path(prov), { applied: true })).toEqual([school, county, city, prov]);
    expect(reviewChain(path(prov, city, county, school), path(prov, city, county, school), { applied: true })).toEqual([school]);
    expect(reviewChain(path(prov, city, county, school), path(prov, city, county), { applied: true })).toEqual([school, county]);
    expect(reviewChain(path("other", school), path(prov), { applied: true })).toBeNull();
  });

  it("who may apply: open projects that are not nomination-only, for a subject or stage the teacher teaches", () => {
    expect(takesApplications({ state: "published", enrolmentMode: "selfEnrolment" })).toBe(true);
    expect(takesApplications({ state: "running", enrolmentMode: "both" })).toBe(true);
    expect(takesApplications({ state: "published", enrolmentMode: "nomination" })).toBe(false);
    expect(takesApplications({ state: "draft", enrolmentMode: "selfEnrolment" })).toBe(false);
    expect(takesApplications({ state: "closed", enrolmentMode: "both" })).toBe(false);
    const teacher = { subjects: ["语文"], stages: ["juniorSecondary"] };
    expect(applicationRefusal({ subjects: [], stages: [] }, teacher)).toBeNull();
    expect(applicationRefusal({ subjects: ["语文", "数学"], stages: ["juniorSecondary"] }, teacher)).toBeNull();
    expect(applicationRefusal({ subjects: ["数学"], stages: [] }, teacher)).toBe("本项目面向数学学科的教师");
    expect(applicationRefusal({ subjects: [], stages: ["primary"] }, teacher)).toBe("本项目面向其他学段的教师");
  });

  it("passes step by step to 入选; 退回 at any step; a returned one is replaced; only an approved one withdraws", () => {
    const chain = [county, city, prov];
    let n = { state: "reviewing" as const, awaitingUnitId: county } as { state: TNominationState; awaitingUnitId: string | null };
    n = nextNomination(n, "pass", chain)!;
    expect(n).toEqual({ state: "reviewing", awaitingUnitId: city });
    expect(nextNomination(n, "withdraw", chain)).toBeNull();
    n = nextNomination(n, "pass", chain)!;
    expect(n).toEqual({ state: "reviewing", awaitingUnitId: prov });
    expect(nextNomination(n, "return", chain)).toEqual({ state: "returned", awaitingUnitId: null });
    n = nextNomination(n, "pass", chain)!;
    expect(n).toEqual({ state: "approved", awaitingUnitId: null });
    expect(nextNomination(n, "pass", chain)).toBeNull();
    expect(nextNomination(n, "replace", chain)).toBeNull();
    expect(nextNomination(n, "withdraw", chain)).toEqual({ state: "withdrawn", awaitingUnitId: null });
    expect(nextNomination({ state: "returned", awaitingUnitId: null }, "replace", chain)).toEqual({ state: "replaced", awaitingUnitId: null });
    expect(nextNomination({ state: "withdrawn", awaitingUnitId: null }, "withdraw", chain)).toBeNull();
    // A step that is not in the chain (the tree changed under it) is refused, not skipped.
    expect(nextNomination({ state: "reviewing", awaitingUnitId: "elsewhere" }, "pass", chain)).toBeNull();
  });

  it("a 退回 and a 退出培训 need a reason; a nomination carries an object of answers", () => {
    const id = "00000000-0000-4000-8000-000000000002";
    expect(ZReviewNominationInput.safeParse({ nominationId: id, decision: "return" }).success).toBe(false);
    expect(ZReviewNominationInput.safeParse({ nominationId: id, decision: "pass" }).success).toBe(true);
    expect(ZWithdrawNominationInput.safeParse({ nominationId: id, reason: "" }).error?.issues[0]?.message).toBe("请填写退出培训的理由");
    expect(ZNominateInput.safeParse({ projectId: id, allocationId: id, nominatingUnitId: id, teacherId: id, answers: [] }).success).toBe(false);
  });
});

describe("the 信息表 editor's fields", () => {
  it("blank rows are skipped, removed rows dropped, new rows get the next free key, options one per line", () => {
    const form = infoFormFromFields({
      "info.0.key": "f1",
      "info.0.label": " 职称 ",
      "info.0.kind": "select",
      "info.0.required": "on",
      "info.0.options": "一级教师\r\n\r\n高级教师\n",
      "info.1.key": "old",
      "info.1.label": "旧字段",
      "info.1.kind": "text",
      "info.1.remove": "on",
      "info.2.label": "教龄",
      "info.2.kind": "number",
      "info.2.min": "0",
      "info.2.max": "五十",
      "info.2.options": "ignored for a number",
      "info.3.label": "",
      "info.3.kind": "text",
      "info.99.label": "beyond the editor's rows",
      "other": "x",
    });
    expect(form).toEqual([
      { key: "f1", label: "职称", kind: "select", required: true, options: ["一级教师", "高级教师"] },
      { key: "f2", label: "教龄", kind: "number", required: false, options: [], min: 0, max: "五十" },
    ]);
    // What comes out is checked like any input: a number range that is not a number is refused.
    expect(ZInfoForm.safeParse(form).success).toBe(false);
    expect(ZInfoForm.safeParse(form.slice(0, 1)).success).toBe(true);
  });

  it("a list field splits on lines and Chinese or Latin separators", () => {
    expect(listFromText("语文、数学，英语\n物理; 化学")).toEqual(["语文", "数学", "英语", "物理", "化学"]);
    expect(listFromText(["a", 1])).toEqual(["a"]);
    expect(listFromText(undefined)).toEqual([]);
  });
});
