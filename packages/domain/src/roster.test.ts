import { describe, expect, it } from "vitest";
import { checkRosterHeaders, FormulaCell, isBlankRow, isRosterHeaderRow, normalizeCell, parseRosterRow, rosterCellsByKey, rosterColumns, rosterLimits, startsLikeFormula, ZRosterRow, type TRosterKey, maskPhone } from "./roster.ts";

const good: Record<TRosterKey, unknown> = {
  teacherNo: "hn0001",
  name: "王芳",
  gender: "女",
  phone: "13800138000",
  email: "Wang.Fang@example.com",
  schoolCode: "HN-CS-001",
  stages: "初中、高中",
  subjects: "语文，历史",
  title: "一级教师",
  backboneLevel: "市级",
  idNumber: "",
};

function parse(overrides: Partial<Record<TRosterKey, unknown>>) {
  return parseRosterRow({ ...good, ...overrides });
}

function reasonsOf(overrides: Partial<Record<TRosterKey, unknown>>): string[] {
  const r = parse(overrides);
  return r.ok ? [] : r.reasons;
}

function rowOf(overrides: Partial<Record<TRosterKey, unknown>>) {
  const r = parse(overrides);
  if (!r.ok) throw new Error(`expected a valid row, got ${r.reasons.join("; ")}`);
  return r.row;
}

describe("normalizeCell", () => {
  it("a phone number stored as a number cell reads as its digits, not exponent notation", () => {
    expect(normalizeCell(13800138000)).toBe("13800138000");
    expect(normalizeCell(1e21)).toBe("1000000000000000000000");
    expect(normalizeCell(12.5)).toBe("12.5");
    expect(normalizeCell(-0)).toBe("0");
    expect(normalizeCell(Number.NaN)).toBe("");
  });
  it("full-width digits and letters become half-width", () => {
    expect(normalizeCell("１３８００１３８０００")).toBe("13800138000");
    expect(normalizeCell("ＨＮ００１")).toBe("HN001");
  });
  it("trims and collapses whitespace, including ideographic and invisible spaces", () => {
    expect(normalizeCell("  王\u3000\u3000芳 \t")).toBe("王 芳");
    expect(normalizeCell("\u200B13800138000\uFEFF")).toBe("13800138000");
  });
  it("empty values read as empty text", () => {
    expect(normalizeCell(null)).toBe("");
    expect(normalizeCell(undefined)).toBe("");
    expect(normalizeCell({ some: "object" })).toBe("");
  });
  it("dates read as the date, with the time only when there is one", () => {
    expect(normalizeCell(new Date(Date.UTC(2024, 8, 1)))).toBe("2024-09-01");
    expect(normalizeCell(new Date(Date.UTC(2024, 8, 1, 8, 30)))).toBe("2024-09-01 08:30:00");
    expect(normalizeCell(new Date(Number.NaN))).toBe("");
  });
  it("booleans read as TRUE and FALSE, as spreadsheets show them", () => {
    expect(normalizeCell(true)).toBe("TRUE");
    expect(normalizeCell(false)).toBe("FALSE");
  });
});

describe("a roster row", () => {
  it("a complete row is accepted and normalized", () => {
    const row = rowOf({});
    expect(row).toEqual({
      teacherNo: "HN0001",
      name: "王芳",
      gender: "female",
      phone: "13800138000",
      email: "wang.fang@example.com",
      schoolCode: "HN-CS-001",
      stages: ["juniorSecondary", "seniorSecondary"],
      subjects: ["语文", "历史"],
      title: "一级教师",
      backboneLevel: "city",
      idNumber: null,
    });
    expect(ZRosterRow.safeParse(row).success).toBe(true);
  });

  it("an optional 身份证号 is checked and given its 18-character form; one typed into a number cell is refused with why", () => {
    expect(rowOf({ idNumber: "110105491231002" }).idNumber).toBe("11010519491231002X");
    expect(rowOf({ idNumber: " 11010519491231002x " }).idNumber).toBe("11010519491231002X");
    expect(reasonsOf({ idNumber: "110105194912310021" })).toEqual(["身份证号校验位不正确，请核对"]);
    expect(reasonsOf({ idNumber: 110105194912310000 })).toEqual(["身份证号被存成了数字，后几位已丢失：请把该列设为文本格式后重新填写"]);
  });

  it("a control character (NUL, escape, DEL) in any cell is refused with a reason naming the column", () => {
    expect(reasonsOf({ name: "王\u0000芳" })).toEqual(["姓名含有不可见的控制字符"]);
    expect(reasonsOf({ title: "一级\u001b教师", subjects: "语文\u007f" })).toEqual(["学科含有不可见的控制字符", "职称含有不可见的控制字符"]);
    // Tabs and line breaks are whitespace, collapsed to a space, not refused.
    expect(rowOf({ name: "王\t芳\r\n" }).name).toBe("王 芳");
  });

  it("a row with only the required columns is accepted, optional ones become empty", () => {
    const row = rowOf({ email: "", subjects: undefined, title: null, backboneLevel: "  " });
    expect(row).toMatchObject({ email: null, subjects: [], title: null, backboneLevel: null });
  });

  it("every required column reports its own missing reason", () => {
    expect(reasonsOf({ teacherNo: "", name: " ", gender: null, phone: undefined, schoolCode: "", stages: "" })).toEqual([
      "缺少教师编号",
      "缺少姓名",
      "缺少性别",
      "缺少手机号",
      "缺少学校代码",
      "缺少学段",
    ]);
  });

  it("all problems of a row are reported together, not just the first", () => {
    const reasons = reasonsOf({ phone: "12345", email: "not-an-email", stages: "大学", backboneLevel: "乡级" });
    expect(reasons).toEqual([
      "手机号格式不正确",
      "邮箱格式不正确",
      "学段无法识别：大学",
      "骨干级别无法识别：乡级（应为国家级、省级、市级、县级或校级）",
    ]);
  });

  describe("教师编号", () => {
    it("is stored upper-case", () => {
      expect(rowOf({ teacherNo: "hn-0001-a" }).teacherNo).toBe("HN-0001-A");
    });
    it("a numeric teacher number cell is accepted", () => {
      expect(rowOf({ teacherNo: 20240001 }).teacherNo).toBe("20240001");
    });
    it("accepts 32 characters and refuses 33 or other characters", () => {
      expect(rowOf({ teacherNo: "A".repeat(32) }).teacherNo).toHaveLength(32);
      expect(reasonsOf({ teacherNo: "A".repeat(33) })).toEqual(["教师编号格式不正确（1–32位字母、数字或-）"]);
      expect(reasonsOf({ teacherNo: "HN 0001" })).toEqual(["教师编号格式不正确（1–32位字母、数字或-）"]);
      expect(reasonsOf({ teacherNo: "HN_0001" })).toEqual(["教师编号格式不正确（1–32位字母、数字或-）"]);
    });
  });

  describe("姓名", () => {
    it("is trimmed and accepts 40 characters but not 41", () => {
      expect(rowOf({ name: "  王芳  " }).name).toBe("王芳");
      expect(rowOf({ name: "王".repeat(40) }).name).toHaveLength(40);
      expect(reasonsOf({ name: "王".repeat(41) })).toEqual(["姓名过长（最多40字）"]);
    });
  });

  describe("性别", () => {
    it("男 and 女 are accepted, anything else is refused", () => {
      expect(rowOf({ gender: "男" }).gender).toBe("male");
      expect(rowOf({ gender: " 女 " }).gender).toBe("female");
      expect(reasonsOf({ gender: "M" })).toEqual(["性别无法识别：M（应为男或女）"]);
    });
  });

  describe("手机号", () => {
    it("full-width digits in a phone number are accepted", () => {
      expect(rowOf({ phone: "１３８００１３８０００" }).phone).toBe("13800138000");
    });
    it("a phone number typed into a number cell is accepted", () => {
      expect(rowOf({ phone: 13800138000 }).phone).toBe("13800138000");
    });
    it("spaces, hyphens and a +86 prefix are accepted", () => {
      expect(rowOf({ phone: "138 0013 8000" }).phone).toBe("13800138000");
      expect(rowOf({ phone: "138-0013-8000" }).phone).toBe("13800138000");
      expect(rowOf({ phone: "+86 139 0000 0000" }).phone).toBe("13900000000");
    });
    it("numbers that are not mainland mobiles are refused", () => {
      for (const phone of ["12800138000", "1380013800", "138001380001", "010-88886666", "1380013800a"]) {
        expect(reasonsOf({ phone })).toEqual(["手机号格式不正确"]);
      }
    });
  });

  describe("邮箱", () => {
    it("is optional, stored lower-case, and refused when malformed", () => {
      expect(rowOf({ email: "" }).email).toBeNull();
      expect(rowOf({ email: "ＴＥＡＣＨＥＲ@Example.COM" }).email).toBe("teacher@example.com");
      expect(reasonsOf({ email: "a@b" })).toEqual(["邮箱格式不正确"]);
      expect(reasonsOf({ email: "王芳@学校" })).toEqual(["邮箱格式不正确"]);
    });
  });

  describe("学校代码", () => {
    it("accepts 4 to 32 letters, digits or hyphens and keeps the case", () => {
      expect(rowOf({ schoolCode: "ab-1" }).schoolCode).toBe("ab-1");
      expect(rowOf({ schoolCode: 43010001 }).schoolCode).toBe("43010001");
      expect(rowOf({ schoolCode: "X".repeat(32) }).schoolCode).toHaveLength(32);
      for (const schoolCode of ["abc", "X".repeat(33), "长沙一中", "HN 001"]) {
        expect(reasonsOf({ schoolCode })).toEqual(["学校代码格式不正确（4–32位字母、数字或-）"]);
      }
    });
  });

  describe("学段", () => {
    it("every label maps to its stage", () => {
      expect(rowOf({ stages: "学前 小学 初中 高中 中职 特殊教育" }).stages).toEqual([
        "preschool",
        "primary",
        "juniorSecondary",
        "seniorSecondary",
        "vocational",
        "special",
      ]);
      expect(rowOf({ stages: "职业教育" }).stages).toEqual(["vocational"]);
    });
    it("any of 、 , ， ; ； and spaces separate labels, and repeats count once", () => {
      expect(rowOf({ stages: "小学，初中;高中；学前,小学 、 初中" }).stages).toEqual([
        "primary",
        "juniorSecondary",
        "seniorSecondary",
        "preschool",
      ]);
    });
    it("unknown labels are named in the reason", () => {
      expect(reasonsOf({ stages: "小学、大学、研究生" })).toEqual(["学段无法识别：大学、研究生"]);
    });
    it("only separators counts as missing", () => {
      expect(reasonsOf({ stages: "、，" })).toEqual(["缺少学段"]);
    });
  });

  describe("学科", () => {
    it("is an optional list split like 学段, each item at most 20 characters", () => {
      expect(rowOf({ subjects: "语文、数学；英语 语文" }).subjects).toEqual(["语文", "数学", "英语"]);
      expect(rowOf({ subjects: "" }).subjects).toEqual([]);
      expect(rowOf({ subjects: "科".repeat(20) }).subjects).toEqual(["科".repeat(20)]);
      expect(reasonsOf({ subjects: `语文、${"科".repeat(21)}` })).toEqual([`学科名称过长（每项最多20字）：${"科".repeat(21)}`]);
    });
    it("a pasted paragraph of subjects is refused", () => {
      const many = Array.from({ length: 21 }, (_, i) => `科目${i}`).join("、");
      expect(reasonsOf({ subjects: many })).toEqual(["学科过多（最多20项）"]);
    });
  });

  describe("职称", () => {
    it("is optional free text of at most 20 characters", () => {
      expect(rowOf({ title: "" }).title).toBeNull();
      expect(rowOf({ title: "中学高级教师" }).title).toBe("中学高级教师");
      expect(reasonsOf({ title: "职".repeat(21) })).toEqual(["职称过长（最多20字）"]);
    });
  });

  describe("骨干级别", () => {
    it("every level label maps to its level", () => {
      const expected = { 国家级: "national", 省级: "provincial", 市级: "city", 县级: "county", 校级: "school" } as const;
      for (const [label, level] of Object.entries(expected)) {
        expect(rowOf({ backboneLevel: label }).backboneLevel).toBe(level);
      }
    });
    it("levels written the way school rosters write them are understood", () => {
      const expected = { 县级骨干: "county", 市级骨干: "city", 省级骨干: "provincial", 省级骨干教师: "provincial", 国家级骨干: "national", 校级骨干: "school", 区级骨干: "county", 县区级: "county" } as const;
      for (const [label, level] of Object.entries(expected)) {
        expect(rowOf({ backboneLevel: label }).backboneLevel).toBe(level);
      }
    });
    it("无 and the like mean the teacher is not a backbone teacher", () => {
      for (const none of ["无", "暂无", "否", "非骨干", "—", "-", "/"]) {
        expect(rowOf({ backboneLevel: none }).backboneLevel).toBeNull();
      }
    });
  });

  describe("学段 as schools write it", () => {
    it("幼儿园 is 学前, and the long names of the stages are understood", () => {
      expect(rowOf({ stages: "幼儿园" }).stages).toEqual(["preschool"]);
      expect(rowOf({ stages: "学前教育、初级中学、高级中学" }).stages).toEqual(["preschool", "juniorSecondary", "seniorSecondary"]);
      expect(rowOf({ stages: "普通高中，职高，特教" }).stages).toEqual(["seniorSecondary", "vocational", "special"]);
    });
  });

  describe("a cell holding a formula", () => {
    it("is refused with a reason naming the column and the formula, not read as its result or as empty", () => {
      expect(reasonsOf({ subjects: new FormulaCell("1+1") })).toEqual(["学科是公式（=1+1），请改为直接填写（可在 Excel 中复制后选择性粘贴为数值）"]);
      expect(reasonsOf({ stages: new FormulaCell('CONCAT("初","中")'), phone: new FormulaCell("") })).toEqual([
        "手机号是公式，请改为直接填写（可在 Excel 中复制后选择性粘贴为数值）",
        '学段是公式（=CONCAT("初","中")），请改为直接填写（可在 Excel 中复制后选择性粘贴为数值）',
      ]);
    });
    it("reads as its formula text and does not make a row blank", () => {
      expect(normalizeCell(new FormulaCell("1+1"))).toBe("=1+1");
      expect(String(new FormulaCell("A1&B1"))).toBe("=A1&B1");
      expect(isBlankRow(["", new FormulaCell("")])).toBe(false);
    });
  });
});

describe("blank rows", () => {
  it("a row of empty, whitespace and null cells is blank", () => {
    expect(isBlankRow([null, "", "  ", "\u3000", undefined])).toBe(true);
    expect(isBlankRow([])).toBe(true);
    // eslint-disable-next-line no-sparse-arrays
    expect(isBlankRow([, , ""])).toBe(true);
    expect(isBlankRow({ teacherNo: "", name: null })).toBe(true);
  });
  it("a row with any value is not blank", () => {
    expect(isBlankRow(["", "", 0])).toBe(false);
    expect(isBlankRow({ teacherNo: "", name: "王芳" })).toBe(false);
  });
});

describe("header row", () => {
  const template = rosterColumns.map((c) => c.header);

  it("the template's headers are accepted, each column found at its position", () => {
    const r = checkRosterHeaders(template);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.columnIndex).toEqual(Object.fromEntries(rosterColumns.map((c, i) => [c.key, i])));
  });

  it("headers in another order, with stray spaces or full-width characters, are accepted", () => {
    const headers = [" 手机号 ", "姓名", "学段", "学校代码", "性别", "教师编号"];
    const r = checkRosterHeaders(headers);
    expect(r).toEqual({ ok: true, columnIndex: { phone: 0, name: 1, stages: 2, schoolCode: 3, gender: 4, teacherNo: 5 }, ignored: [] });
  });

  it("the other names schools give the columns are accepted, with required marks and notes in brackets", () => {
    const headers = ["*教师编号", "教师姓名", "性别（男/女）", "手机号码", "电子邮箱", "学校代码*", "任教学段", "任教学科", "职称", "骨干等级", "公民身份号码"];
    const r = checkRosterHeaders(headers);
    expect(r).toEqual({ ok: true, columnIndex: Object.fromEntries(rosterColumns.map((c, i) => [c.key, i])), ignored: [] });
    expect(checkRosterHeaders([...template.filter((h) => h !== "邮箱"), "E-mail"]).ok).toBe(true);
  });

  it("columns the roster does not take (学校名称, 序号) are ignored with a note, not refused", () => {
    const r = checkRosterHeaders(["序号", ...template, "学校名称"]);
    expect(r).toEqual({
      ok: true,
      columnIndex: Object.fromEntries(rosterColumns.map((c, i) => [c.key, i + 1])),
      ignored: [
        { column: 0, header: "序号", note: "已忽略“序号”列：不是名册的列" },
        { column: 12, header: "学校名称", note: "已忽略“学校名称”列：学校以学校代码为准" },
      ],
    });
  });

  it("a title row above the header is not the header; the header row is", () => {
    expect(isRosterHeaderRow(["2024年岳麓区中小学教师名册"])).toBe(false);
    expect(isRosterHeaderRow(["填表说明：教师编号、姓名、性别、手机号为必填"])).toBe(false);
    expect(isRosterHeaderRow(template)).toBe(true);
    expect(isRosterHeaderRow(["序号", "教师姓名", "性别", "手机号码", "学校名称"])).toBe(true);
    expect(isRosterHeaderRow(["HN0001", "王芳", "女", "13800138000"])).toBe(false);
  });

  it("optional headers may be left out, required ones may not", () => {
    const r = checkRosterHeaders(["教师编号", "姓名", "邮箱"]);
    expect(r).toEqual({ ok: false, missing: ["性别", "手机号", "学校代码", "学段"], unknown: [], duplicate: [] });
  });

  it("when a required column is missing, the columns that were not recognised are named too", () => {
    const r = checkRosterHeaders(["工号", ...template.slice(1)]);
    expect(r).toEqual({ ok: false, missing: ["教师编号"], unknown: ["工号"], duplicate: [] });
  });

  it("a repeated header is refused, also when two names of one column are both there", () => {
    expect(checkRosterHeaders([...template, "姓名"])).toEqual({ ok: false, missing: [], unknown: [], duplicate: ["姓名"] });
    expect(checkRosterHeaders([...template, "电子邮箱"])).toEqual({ ok: false, missing: [], unknown: [], duplicate: ["电子邮箱"] });
  });

  it("blank header cells are ignored", () => {
    // eslint-disable-next-line no-sparse-arrays
    const r = checkRosterHeaders(["", ...template, null, , " "]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.columnIndex.teacherNo).toBe(1);
  });

  it("a data row is read by the header positions and parses", () => {
    const r = checkRosterHeaders(["姓名", "教师编号", "学段", "学校代码", "性别", "手机号"]);
    if (!r.ok) throw new Error("headers refused");
    const cells = rosterCellsByKey(r.columnIndex, ["王芳", "hn0001", "小学", "HN01", "女", 13800138000]);
    expect(cells).toEqual({ name: "王芳", teacherNo: "hn0001", stages: "小学", schoolCode: "HN01", gender: "女", phone: 13800138000 });
    expect(parseRosterRow(cells).ok).toBe(true);
  });
});

describe("startsLikeFormula", () => {
  it("text that a spreadsheet would run as a formula is spotted", () => {
    for (const s of ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]) {
      expect(startsLikeFormula(s)).toBe(true);
    }
  });
  it("ordinary text is not", () => {
    for (const s of ["王芳", "13800138000", "", " =1", "a=b", "'quoted"]) {
      expect(startsLikeFormula(s)).toBe(false);
    }
  });
});

describe("limits", () => {
  it("an upload may have 200,000 rows and 20 MB", () => {
    expect(rosterLimits).toEqual({ maxRows: 200_000, maxFileBytes: 20 * 1024 * 1024 });
  });
});

describe("a phone number in a list", () => {
  it("shows the first three and last four digits only", () => {
    expect(maskPhone("13800000003")).toBe("138****0003");
    expect(maskPhone("")).toBe("");
    expect(maskPhone(null)).toBe("");
    expect(maskPhone("12345")).toBe("*****");
  });
});
