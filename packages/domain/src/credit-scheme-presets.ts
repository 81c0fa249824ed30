import { ZCreditScheme, type TCreditScheme, type TCreditSchemeInput } from "./credit-scheme.ts";

/**
 * Three provinces' credit schemes as data, from the figures DOMAIN.md quotes ("Credit hours", the table of
 * provincial measures). DOMAIN.md warns the figures come from public copies and must be verified before
 * relying on one; where a scheme needs a value DOMAIN.md does not give, `notes` says what was assumed.
 * Each is parsed with `ZCreditScheme` at load, so a bad edit here fails every test that imports it.
 */

const allLevels = (v: number) => ({ national: v, provincial: v, city: v, county: v, school: v });

/** 山东: a 学时 scheme, 1 学时 = 1 学分, ≥ 360 per 5-year cycle and ≥ 48 every year; a year of 学历提升 counts 72. */
const shandong: TCreditSchemeInput = {
  key: "shandong-2021",
  name: "山东省中小学教师继续教育学分管理",
  version: 1,
  effectiveFrom: "2021-01-01",
  notes:
    "DOMAIN.md：周期不少于 360 学分，1 学时 = 1 学分，每年不少于 48，一年学历提升计 72。假定：周期为 2021–2025 年（与全国十四五周期一致）；学历提升每学年按定额 72 计、每年最多 72，须学籍证明和年度成绩单，由学校、县级依次审核。定额项目（DOMAIN.md 只给出江苏公开课每次 6 学时、每年最多 18；其余为假定，须按省文件核实）：论文发表国家级 24、省级 18、市级 12、县级 6 学时，每年最多 36，县、省两级审核；课题研究国家级 36、省级 24、市级 18、县级 12，每年最多 36；公开课每次 6，每年最多 18；竞赛获奖国家级 24 至县级 6，每年最多 24；师徒结对每年 12。均计入校本研修。",
  unit: "hours",
  cycle: { years: 5, anchor: "calendar", startYear: 2021 },
  creditYearStartMonth: 1,
  rounding: { mode: "round", decimals: 1 },
  defaultRate: 1,
  conversions: [],
  cycleMinimum: 360,
  yearlyMinimum: 48,
  fixedPoints: [
    {
      kind: "degree",
      category: "degree",
      valueByLevel: allLevels(72),
      yearlyCap: 72,
      evidence: ["学籍证明", "年度成绩单"],
      approvalChain: ["school", "county"],
    },
    {
      kind: "paper",
      category: "schoolBased",
      valueByLevel: { national: 24, provincial: 18, city: 12, county: 6 },
      yearlyCap: 36,
      evidence: ["刊物封面及目录", "论文正文"],
      approvalChain: ["county", "province"],
    },
    {
      kind: "research",
      category: "schoolBased",
      valueByLevel: { national: 36, provincial: 24, city: 18, county: 12 },
      yearlyCap: 36,
      evidence: ["立项或结题证书"],
      approvalChain: ["school", "county", "city"],
    },
    { kind: "openLesson", category: "schoolBased", valueByLevel: allLevels(6), yearlyCap: 18, evidence: ["公开课证明"], approvalChain: ["school", "county"] },
    {
      kind: "competition",
      category: "schoolBased",
      valueByLevel: { national: 24, provincial: 18, city: 12, county: 6 },
      yearlyCap: 24,
      evidence: ["获奖证书"],
      approvalChain: ["county", "city"],
    },
    { kind: "mentoring", category: "schoolBased", valueByLevel: { county: 12, school: 12 }, yearlyCap: 12, evidence: ["师徒结对协议", "指导记录"], approvalChain: ["school"] },
  ],
  flags: ["annualAppraisal", "reRegistration", "titlePromotion"],
};

/**
 * 陕西: a 学分 scheme. 集中 training converts per 学时 by the organiser's level (national 0.5, provincial 0.4,
 * city 0.3, county 0.2); ≥ 120 学分 a cycle made of 集中 30 + 远程 40 + 校本 50, 校本 at most 10 a year; the
 * credit year runs February to January.
 */
const shaanxi: TCreditSchemeInput = {
  key: "shaanxi-2021",
  name: "陕西省中小学教师继续教育学分管理",
  version: 1,
  effectiveFrom: "2021-02-01",
  notes:
    "DOMAIN.md：周期不少于 120 学分；集中培训每学时折合学分：国家级 0.5、省级 0.4、市级 0.3、县级 0.2；集中 30 + 远程 40 + 校本 50；校本每年不超过 10；学分年度为 2 月至次年 1 月。假定：集中培训不少于 30 学分、远程不超过 40 学分；其他学时按 3 学时 = 1 学分（120 学分 = 360 学时）；集中培训须经认定的机构举办、连续不少于 2 天；周期为 2021–2025 学分年度。定额项目为假定（按 3 学时 = 1 学分由山东方案的定额折算，须按省文件核实）：论文发表国家级 3、省级 2、市级 1.5、县级 1 学分，每年最多 4，县、省两级审核；课题研究国家级 4 至县级 1，每年最多 6；公开课每次 2，每年最多 6；竞赛获奖国家级 3 至县级 0.5，每年最多 4。均计入校本研修（校本每年最多 10 仍然适用）。",
  unit: "credits",
  cycle: { years: 5, anchor: "calendar", startYear: 2021 },
  creditYearStartMonth: 2,
  rounding: { mode: "round", decimals: 1 },
  defaultRate: 1 / 3,
  conversions: [
    { category: "concentrated", level: "national", rate: 0.5 },
    { category: "concentrated", level: "provincial", rate: 0.4 },
    { category: "concentrated", level: "city", rate: 0.3 },
    { category: "concentrated", level: "county", rate: 0.2 },
  ],
  cycleMinimum: 120,
  yearlyMinimum: 0,
  categoryLimits: {
    concentrated: { cycleMin: 30 },
    online: { cycleMax: 40 },
    schoolBased: { yearMax: 10 },
  },
  eligibility: { accreditedProvidersOnly: true, minDurationDays: { concentrated: 2 }, assessmentRequired: false },
  fixedPoints: [
    {
      kind: "paper",
      category: "schoolBased",
      valueByLevel: { national: 3, provincial: 2, city: 1.5, county: 1 },
      yearlyCap: 4,
      evidence: ["刊物封面及目录", "论文正文"],
      approvalChain: ["county", "province"],
    },
    {
      kind: "research",
      category: "schoolBased",
      valueByLevel: { national: 4, provincial: 3, city: 2, county: 1 },
      yearlyCap: 6,
      evidence: ["立项或结题证书"],
      approvalChain: ["school", "county", "city"],
    },
    { kind: "openLesson", category: "schoolBased", valueByLevel: allLevels(2), yearlyCap: 6, evidence: ["公开课证明"], approvalChain: ["school", "county"] },
    {
      kind: "competition",
      category: "schoolBased",
      valueByLevel: { national: 3, provincial: 2, city: 1, county: 0.5 },
      yearlyCap: 4,
      evidence: ["获奖证书"],
      approvalChain: ["county", "city"],
    },
  ],
  flags: ["reRegistration", "titlePromotion"],
};

/**
 * 北京 (十三五): a 学分 scheme with different rates for training (10 学时 = 1 学分) and for practice, 教研,
 * 网络 and 校本 (20 学时 = 1 学分); ≥ 36 学分 a cycle, 校本 at least 10.
 */
const beijing: TCreditSchemeInput = {
  key: "beijing-2016",
  name: "北京市中小学教师继续教育（十三五）学分管理",
  version: 1,
  effectiveFrom: "2016-01-01",
  effectiveTo: "2020-12-31",
  notes:
    "DOMAIN.md：周期不少于 36 学分；培训 10 学时 = 1 学分，实践、教研、网络、校本 20 学时 = 1 学分；必修 16、选修 10、校本 10。假定：集中培训和跟岗研修按培训折算，其余类别按实践折算；必修与选修是课程属性而非学分银行的类别，本版只校验校本不少于 10；周期为 2016–2020 年。",
  unit: "credits",
  cycle: { years: 5, anchor: "calendar", startYear: 2016 },
  creditYearStartMonth: 1,
  rounding: { mode: "round", decimals: 1 },
  defaultRate: 0.05,
  conversions: [
    { category: "concentrated", rate: 0.1 },
    { category: "shadowing", rate: 0.1 },
  ],
  cycleMinimum: 36,
  yearlyMinimum: 0,
  categoryLimits: { schoolBased: { cycleMin: 10 } },
  flags: ["reRegistration", "titlePromotion"],
};

export const creditSchemePresets: { shandong: TCreditScheme; shaanxi: TCreditScheme; beijing: TCreditScheme } = {
  shandong: ZCreditScheme.parse(shandong),
  shaanxi: ZCreditScheme.parse(shaanxi),
  beijing: ZCreditScheme.parse(beijing),
};
