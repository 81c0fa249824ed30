import { chinaTime } from "@yanxiu/domain/china-time";
import { categoryLabel, levelLabel } from "@yanxiu/domain/credit-scheme";
import { yearOnYear } from "@yanxiu/domain/annual-report";
import type { TAnnualReportFigures } from "./annual-report-data.ts";
import type { TReportBlock, TReportDocument, TReportSection } from "./pdf/index.ts";

/**
 * The report's words (zh-CN). They live here, beside the one function that lays the figures out, rather than in
 * the UI's catalogue: the worker renders the PDF, and services never import packages/ui. A second language is a
 * second object of the same shape.
 */
const kindName: Record<string, string> = { province: "省", city: "市", county: "县（区）", school: "学校" };
const childKindName: Record<string, string> = { province: "市", city: "县（区）", county: "学校" };
const unitLevelName: Record<string, string> = { province: "省级", city: "市级", county: "县级", school: "校级" };
const backboneName: Record<string, string> = { national: "国家级骨干", provincial: "省级骨干", city: "市级骨干", county: "县级骨干", school: "校级骨干" };

const num = (n: number | null | undefined, digits = 1) => (n == null ? "—" : n.toLocaleString("zh-CN", { maximumFractionDigits: digits }));
const pct = (p: number | null | undefined) => (p == null ? "—" : `${p}%`);
const change = (p: number | null) => (p == null ? "—" : p > 0 ? `+${p}%` : `${p}%`);
const palette = ["#1677ff", "#52c41a", "#13a8a8", "#722ed1", "#eb2f96", "#2f54eb", "#a0d911", "#597ef7", "#36cfc9"];
const baseOption = { animation: false, color: palette, textStyle: { fontFamily: "sans-serif" } };

/** The report as a document of sections (decision 030): every figure from `f`, nothing computed twice. */
export function annualReportDocument(f: TAnnualReportFigures, opts: { createdAt: Date }): TReportDocument {
  const { year, overview: o } = f;
  const scope = `${f.unit.name}`;
  const sections: TReportSection[] = [];

  // 一、总体情况
  const summary = [
    `${year} 年，${scope}共有在册教师 ${num(o.teachers, 0)} 人，其中 ${num(o.participants, 0)} 人在学分银行中获得学时，参训率 ${pct(o.participation)}。`,
    `全年累计认定学时 ${num(o.hours)}，人均 ${num(o.hoursPerTeacher)} 学时${o.hoursChange == null ? "" : `，较上年${o.hoursChange >= 0 ? "增长" : "下降"} ${Math.abs(o.hoursChange)}%`}；县级及以上机构组织的学时占 ${pct(o.countyOrAboveShare)}。`,
    `按五年 360 学时周期的进度计，${pct(o.onPacePercent)} 的教师进度达标；${o.assignedPercent == null ? "尚无指派课程" : `指派课程完成率 ${pct(o.assignedPercent)}`}。`,
  ].join("\n");
  sections.push({
    title: "总体情况",
    blocks: [
      {
        kind: "figures",
        items: [
          { label: "在册教师", value: num(o.teachers, 0) },
          { label: "参训教师", value: num(o.participants, 0) },
          { label: "参训率", value: pct(o.participation) },
          { label: "全年学时", value: num(o.hours) },
          { label: "人均学时", value: num(o.hoursPerTeacher) },
          { label: "进度达标", value: pct(o.onPacePercent) },
        ],
      },
      { kind: "paragraph", text: summary },
    ],
  });

  // 二、学时结构：类别 × 层级，逐月
  const cats = f.dashboard.hoursByCategory;
  const structure: TReportBlock[] = [];
  structure.push({
    kind: "chart",
    title: `${year} 年学时按类别`,
    option: {
      ...baseOption,
      grid: { left: 56, right: 16, top: 24, bottom: 56 },
      xAxis: { type: "category", data: cats.map((c) => categoryLabel[c.category]), axisLabel: { interval: 0, rotate: cats.length > 5 ? 30 : 0 } },
      yAxis: { type: "value", name: "学时" },
      series: [{ type: "bar", data: cats.map((c) => c.hours), barMaxWidth: 36, label: { show: true, position: "top" } }],
    },
  });
  structure.push({
    kind: "table",
    headers: ["类别", ...Object.values(levelLabel), "合计", "上年", "同比"],
    align: ["left", "right", "right", "right", "right", "right", "right", "right", "right"],
    rows: f.byCategoryLevel.map((c) => [categoryLabel[c.category], ...c.levels.map((h) => num(h)), num(c.total), num(c.lastYear), change(yearOnYear(c.total, c.lastYear))]),
    note: "按组织层级（国家级、省级、市级、县级、校级）分列的认定学时，来自学分银行，已扣除冲正。",
  });
  structure.push({
    kind: "chart",
    title: "逐月学时（与上年对比）",
    option: {
      ...baseOption,
      legend: { top: 0, data: [`${year} 年`, `${year - 1} 年`] },
      grid: { left: 56, right: 16, top: 32, bottom: 32 },
      xAxis: { type: "category", data: f.dashboard.hoursByMonth.map((m) => `${m.month}月`) },
      yAxis: { type: "value", name: "学时" },
      series: [
        { name: `${year} 年`, type: "line", data: f.dashboard.hoursByMonth.map((m) => m.hours), symbolSize: 6 },
        { name: `${year - 1} 年`, type: "line", data: f.lastYear.hoursByMonth.map((m) => m.hours), symbolSize: 6, lineStyle: { type: "dashed" } },
      ],
    },
  });
  sections.push({ title: "学时结构", blocks: structure });

  // 三、各地区达标情况
  // The children's own kind: a province may hold counties directly (a 直管县), a city its counties.
  const childKind = kindName[f.regions[0]?.kind ?? ""] ?? childKindName[f.unit.kind] ?? "下级单位";
  sections.push({
    title: `各${childKind}达标情况`,
    blocks: [
      {
        kind: "table",
        headers: [childKind, "教师数", "进度达标", "全年学时", "人均学时", "乡村教师达标", "指派课程完成率"],
        align: ["left", "right", "right", "right", "right", "right", "right"],
        rows: f.regions.map((r) => [r.name, num(r.teachers, 0), pct(r.onPacePercent), num(r.hours), num(r.hoursPerTeacher), pct(r.ruralOnPacePercent), pct(r.assignedPercent)]),
        note: "进度达标、乡村教师达标与课程完成率为报告生成时的状态；全年学时为所选年度的合计。",
      },
      ...(f.regions.length
        ? [
            {
              kind: "chart" as const,
              title: `各${childKind}进度达标占比`,
              height: Math.min(420, 80 + f.regions.length * 18),
              option: {
                ...baseOption,
                grid: { left: 110, right: 40, top: 8, bottom: 24 },
                xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
                yAxis: { type: "category", data: f.regions.map((r) => r.name).reverse(), axisLabel: { width: 100, overflow: "truncate" } },
                series: [{ type: "bar", data: f.regions.map((r) => r.onPacePercent ?? 0).reverse(), barMaxWidth: 14, label: { show: true, position: "right", formatter: "{c}%" } }],
              },
            },
          ]
        : []),
    ],
  });

  // 四、城乡差距
  const r = f.rural;
  const gap = r.rural.onPacePercent != null && r.urban.onPacePercent != null ? Math.round((r.urban.onPacePercent - r.rural.onPacePercent) * 10) / 10 : null;
  sections.push({
    title: "城乡差距与骨干队伍",
    blocks: [
      {
        kind: "table",
        headers: ["", "教师数", "参训教师", "进度达标", "全年学时", "人均学时"],
        align: ["left", "right", "right", "right", "right", "right"],
        rows: [
          ["乡村教师", num(r.rural.teachers, 0), num(r.rural.participants, 0), pct(r.rural.onPacePercent), num(r.rural.hours), num(r.rural.hoursPerTeacher)],
          ["城镇教师", num(r.urban.teachers, 0), num(r.urban.participants, 0), pct(r.urban.onPacePercent), num(r.urban.hours), num(r.urban.hoursPerTeacher)],
        ],
      },
      {
        kind: "paragraph",
        text:
          gap == null
            ? "乡村或城镇教师人数为零，无法比较。"
            : gap > 0
              ? `乡村教师的进度达标占比低于城镇教师 ${gap} 个百分点，建议在送教下乡、工作室结对和双师课堂上向乡村学校倾斜。`
              : `乡村教师的进度达标占比不低于城镇教师（相差 ${Math.abs(gap)} 个百分点）。`,
      },
      {
        kind: "chart",
        title: "骨干教师构成",
        option: {
          ...baseOption,
          legend: { bottom: 0 },
          series: [{ type: "pie", radius: ["35%", "62%"], center: ["50%", "45%"], data: f.backbone.filter((b) => b.teachers > 0).map((b) => ({ name: backboneName[b.level] ?? b.level, value: b.teachers })), label: { formatter: "{b}：{c}" } }],
        },
      },
    ],
  });

  // 五、工作室与直播教研
  const a = f.activity;
  sections.push({
    title: "名师工作室与直播教研",
    blocks: [
      {
        kind: "figures",
        items: [
          { label: "活跃工作室", value: num(a.studios, 0) },
          { label: "工作室直播", value: num(a.sessions.studio, 0) },
          { label: "双师课堂", value: num(a.sessions.coTeaching, 0) },
          { label: "直播同比", value: change(yearOnYear(a.sessions.studio + a.sessions.coTeaching, a.sessionsLastYear.studio + a.sessionsLastYear.coTeaching)) },
        ],
      },
      {
        kind: "chart",
        title: "逐月直播场次",
        option: {
          ...baseOption,
          legend: { top: 0, data: ["工作室直播", "双师课堂"] },
          grid: { left: 40, right: 16, top: 32, bottom: 32 },
          xAxis: { type: "category", data: a.byMonth.map((m) => `${m.month}月`) },
          yAxis: { type: "value", minInterval: 1 },
          series: [
            { name: "工作室直播", type: "bar", stack: "s", data: a.byMonth.map((m) => m.studio), barMaxWidth: 28 },
            { name: "双师课堂", type: "bar", stack: "s", data: a.byMonth.map((m) => m.coTeaching), barMaxWidth: 28 },
          ],
        },
      },
    ],
  });

  // 六、培训项目与质量评价
  const p = f.projects;
  sections.push({
    title: "培训项目与质量评价",
    blocks: [
      {
        kind: "paragraph",
        text: p.rows.length
          ? `${year} 年结束的培训项目 ${p.rows.length} 个，学员 ${num(p.trainees, 0)} 人，${p.satisfaction == null ? "尚无培训效果评估数据" : `收回评估问卷 ${num(p.responses, 0)} 份，满意度均分 ${p.satisfaction}（满分 5 分）`}。`
          : `${year} 年没有结束的培训项目。`,
      },
      {
        kind: "table",
        headers: ["项目", "级别", "起止日期", "学员", "已认定学时", "问卷回收率", "满意度", "课程评分", "导师评分"],
        align: ["left", "left", "left", "right", "right", "right", "right", "right", "right"],
        rows: p.rows.map((x) => [x.name, unitLevelName[x.level] ?? x.level, `${x.startsOn} 至 ${x.endsOn}`, num(x.trainees, 0), num(x.credited, 0), pct(x.responseRate), num(x.satisfaction, 2), num(x.courseMean, 2), num(x.mentorMean, 2)]),
        note: "评分为培训效果评估问卷中量表题（1–5 分）的均分；问卷匿名，报告只含汇总。",
      },
    ],
  });

  // 七、同比变化
  sections.push({
    title: "同比变化",
    blocks: [
      {
        kind: "table",
        headers: ["指标", `${year} 年`, `${year - 1} 年`, "同比"],
        align: ["left", "right", "right", "right"],
        rows: [
          ["参训教师", num(o.participants, 0), num(o.participantsLastYear, 0), change(yearOnYear(o.participants, o.participantsLastYear))],
          ["全年学时", num(o.hours), num(o.hoursLastYear), change(o.hoursChange)],
          ["工作室直播场次", num(a.sessions.studio, 0), num(a.sessionsLastYear.studio, 0), change(yearOnYear(a.sessions.studio, a.sessionsLastYear.studio))],
          ["双师课堂场次", num(a.sessions.coTeaching, 0), num(a.sessionsLastYear.coTeaching, 0), change(yearOnYear(a.sessions.coTeaching, a.sessionsLastYear.coTeaching))],
          ...f.byCategoryLevel.map((c) => [`学时：${categoryLabel[c.category]}`, num(c.total), num(c.lastYear), change(yearOnYear(c.total, c.lastYear))]),
        ],
      },
    ],
  });

  // 附：数据说明
  sections.push({
    title: "数据说明",
    blocks: [
      {
        kind: "paragraph",
        text: [
          `统计范围：${scope}（${kindName[f.unit.kind] ?? ""}）及其下属全部单位；统计年度：${year} 年 1 月 1 日至 12 月 31 日（北京时间）。`,
          "学时、参训与城乡数据来自学分银行的认定记录（含冲正）；按类别、按月的学时与数据看板同源（月度汇总表）。",
          f.history
            ? `进度达标与教师人数为 ${year} 学分年度末（${f.asOf ?? "—"}）的情况，由学分银行中截至当日的认定记录按当时有效的学分方案计算${f.computedAt ? `（计算于 ${chinaTime(new Date(f.computedAt))}）` : ""}；教师按其现在所在单位统计（平台不保存教师调动前的所在单位）。指派课程完成率与骨干构成为汇总表的当前状态，不随所选年度回溯。`
            : `进度达标、指派课程完成率与骨干构成为汇总表在 ${f.asOf ?? "—"} 的状态${f.computedAt ? `（计算于 ${chinaTime(new Date(f.computedAt))}）` : ""}；本年度尚未结束，年度结束后的报告按年度末的情况统计。`,
          "培训项目指所选年度内结束、由本范围内单位主办的项目。",
        ].join("\n"),
      },
    ],
  });

  return {
    title: `${scope}${year}年度教师教育质量报告`,
    subtitle: "基于学分银行与研修平台数据",
    cover: [
      { label: "范围", value: `${scope}（${kindName[f.unit.kind] ?? ""}）` },
      { label: "年度", value: `${year} 年` },
      { label: "生成时间", value: chinaTime(opts.createdAt) },
    ],
    sections,
    footer: `${scope} · ${year} 年度教师教育质量报告`,
  };
}
