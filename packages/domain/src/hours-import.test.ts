import { describe, expect, it } from "vitest";
import { FormulaCell } from "./roster.ts";
import { categoryByLabel, checkHoursHeaders, hoursTemplateExample, isHoursHeaderRow, isHoursTemplateExample, levelByLabel, parseHoursRow, parseImportDay } from "./hours-import.ts";

const today = "2026-03-01";
const good = { teacherNo: "hn0001", phone: "", name: "王芳", title: "寒假研修", hours: "10", category: "网络研修", level: "国家级", completedOn: "2026-02-20", platform: "" };

describe("parseImportDay", () => {
  it("reads the ways platforms write a day, and refuses impossible days", () => {
    expect(parseImportDay("2026-02-20")).toBe("2026-02-20");
    expect(parseImportDay("2026/2/3")).toBe("2026-02-03");
    expect(parseImportDay("2026.2.3")).toBe("2026-02-03");
    expect(parseImportDay("2026年2月3日")).toBe("2026-02-03");
    expect(parseImportDay("2026-02-03 14:30:00")).toBe("2026-02-03");
    expect(parseImportDay("20260203")).toBe("2026-02-03");
    expect(parseImportDay("46073")).toBe("2026-02-20"); // an Excel serial day
    expect(parseImportDay("2026-02-30")).toBeNull();
    expect(parseImportDay("2026-13-01")).toBeNull();
    expect(parseImportDay("昨天")).toBeNull();
  });
});

describe("parseHoursRow", () => {
  it("turns a row into the award's fields (labels to the ledger's codes, 教师编号 upper-cased)", () => {
    const r = parseHoursRow(good, today);
    expect(r).toEqual({ ok: true, row: { teacherNo: "HN0001", phone: null, idNumber: null, name: "王芳", title: "寒假研修", hours: 10, credits: null, category: "online", organiserLevel: "national", completedOn: "2026-02-20", platform: null, role: "participant" } });
    expect(parseHoursRow({ ...good, teacherNo: "", phone: "+86 138-0013-8000", hours: "2.5学时", level: "区级" }, today)).toMatchObject({ ok: true, row: { phone: "13800138000", hours: 2.5, organiserLevel: "county" } });
  });

  it("a 身份证号 alone names the teacher (checked, a 15-digit one widened); one typed into a number cell is refused with why", () => {
    expect(parseHoursRow({ ...good, teacherNo: "", idNumber: "430104 19800101 0022" }, today)).toMatchObject({ ok: true, row: { teacherNo: null, idNumber: "430104198001010022" } });
    expect(parseHoursRow({ ...good, teacherNo: "", idNumber: "110105491231002" }, today)).toMatchObject({ ok: true, row: { idNumber: "11010519491231002X" } });
    const numeric = parseHoursRow({ ...good, teacherNo: "", idNumber: 430104198001010000 }, today);
    expect(numeric).toMatchObject({ ok: false, reasons: ["身份证号被存成了数字，后几位已丢失：请把该列设为文本格式后重新填写"] });
    expect(parseHoursRow({ ...good, teacherNo: "", idNumber: "", phone: "" }, today)).toMatchObject({ ok: false, reasons: ["缺少教师编号、身份证号或手机号"] });
  });

  it("reads the role as lists write it (主持人, 助教 …), blank as 参与, and refuses one it does not know", () => {
    expect(parseHoursRow({ ...good, role: "主持人" }, today)).toMatchObject({ ok: true, row: { role: "lead" } });
    expect(parseHoursRow({ ...good, role: " 助教 " }, today)).toMatchObject({ ok: true, row: { role: "assistant" } });
    expect(parseHoursRow({ ...good, role: "" }, today)).toMatchObject({ ok: true, row: { role: "participant" } });
    expect(parseHoursRow({ ...good, role: "旁听" }, today)).toMatchObject({ ok: false, reasons: ["角色无法识别：旁听（应为主持、参与或辅导）"] });
  });

  it("keeps a title as written (full-width brackets), only trimming and collapsing spaces and dropping invisible characters", () => {
    expect(parseHoursRow({ ...good, title: "  寒假研修（第一期）\u200B  专题 " }, today)).toMatchObject({ ok: true, row: { title: "寒假研修（第一期） 专题" } });
  });

  it("gives every problem of a row at once, in Chinese", () => {
    const r = parseHoursRow({ teacherNo: "", phone: "", idNumber: "43010419800101002X", title: "", hours: "0.25", category: "看电影", level: "", completedOn: "2026-03-02" }, today);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reasons).toEqual([
      "身份证号校验位不正确，请核对",
      "缺少项目名称",
      "学时最多保留一位小数",
      "类别无法识别：看电影（应为集中培训、网络研修、校本研修等）",
      "缺少级别",
      "完成日期不能晚于今天",
    ]);
  });

  it("hostile cells: NUL and control characters, huge strings, formulas, negative or huge hours are reasons, not crashes", () => {
    const r = parseHoursRow({ ...good, title: "研修\u0000", name: "x".repeat(100_000), hours: "-3", platform: new FormulaCell("A1") as unknown as string }, today);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reasons).toEqual(["项目名称含有不可见的控制字符", "来源平台是公式，请改为直接填写（可在 Excel 中复制后选择性粘贴为数值）", "姓名过长（最多40字）", "缺少项目名称", "学时必须大于 0"]);
    expect(parseHoursRow({ ...good, hours: "1e9" }, today)).toMatchObject({ ok: false });
    expect(parseHoursRow({ ...good, hours: "501" }, today)).toMatchObject({ ok: false, reasons: ["学时过大（每行最多 500）"] });
    expect(parseHoursRow({ ...good, title: "题".repeat(201) }, today)).toMatchObject({ ok: false, reasons: ["项目名称过长（最多200字）"] });
  });

  it("the template's example row passes and is recognised as the example", () => {
    expect(parseHoursRow(hoursTemplateExample, today).ok).toBe(true);
    expect(isHoursTemplateExample(hoursTemplateExample)).toBe(true);
    expect(isHoursTemplateExample({ ...hoursTemplateExample, hours: "11" })).toBe(false);
  });

  it("knows every ledger category and level by at least one label", () => {
    expect(new Set(Object.values(categoryByLabel)).size).toBe(9);
    expect(new Set(Object.values(levelByLabel)).size).toBe(5);
  });
});

describe("checkHoursHeaders", () => {
  it("accepts aliases in any order, notes other columns, and needs a teacher column and the award's columns", () => {
    const ok = checkHoursHeaders(["学员姓名", "手机号码*", "培训项目名称", "获得学时", "培训类别", "项目级别", "结业日期（年/月/日）", "备注"]);
    expect(ok).toMatchObject({ ok: true, columnIndex: { name: 0, phone: 1, title: 2, hours: 3, category: 4, level: 5, completedOn: 6 }, notes: ["已忽略“备注”列：不是学时导入的列"] });
    expect(checkHoursHeaders(["姓名", "项目名称", "学时", "类别", "级别", "完成日期"])).toEqual({ ok: false, reason: "表头与模板不一致（缺少列：教师编号、身份证号或手机号（至少一列））。请使用学时导入模板。" });
    expect(checkHoursHeaders(["教师编号", "工号", "项目名称", "学时", "类别", "级别", "完成日期"])).toMatchObject({ ok: false, reason: expect.stringContaining("重复的列：工号") });
    expect(isHoursHeaderRow(["2026年寒假研修学时汇总"])).toBe(false);
    expect(isHoursHeaderRow(["教师编号", "学时", "完成日期"])).toBe(true);
  });
});
