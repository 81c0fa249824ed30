import type { TReportDocument } from "./render.ts";

/**
 * A made-up annual report that exercises every block: the tests render it, and
 * `pnpm exec tsx bench/report-pdf.bench.ts out.pdf` writes it to look at.
 */
export const sampleCities = ["长沙市", "株洲市", "湘潭市", "衡阳市", "邵阳市", "岳阳市", "常德市", "张家界市", "益阳市", "郴州市", "永州市", "怀化市", "娄底市", "湘西州"];

export function sampleReport(): TReportDocument {
  const rows = Array.from({ length: 60 }, (_, i) => {
    const city = sampleCities[i % sampleCities.length]!;
    const teachers = 800 + ((i * 397) % 2400);
    const done = Math.round(teachers * (0.62 + ((i * 7) % 30) / 100));
    return [`${city}第${i + 1}学区`, teachers, done, `${((done / teachers) * 100).toFixed(1)}%`, (12 + ((i * 13) % 70) / 10).toFixed(1)];
  });
  return {
    title: "湖南省2026年度教师教育质量报告",
    subtitle: "基于研修平台数据的年度分析",
    cover: [
      { label: "范围", value: "湖南省（全省 14 个市州）" },
      { label: "年度", value: "2026年" },
      { label: "生成时间", value: "2026年12月7日 16:00" },
      { label: "编制单位", value: "湖南省教师发展中心" },
    ],
    footer: "湖南省2026年度教师教育质量报告 · 研修平台生成",
    sections: [
      {
        title: "总体概况",
        blocks: [
          {
            kind: "figures",
            items: [
              { label: "参训教师（人）", value: "186,420" },
              { label: "完成率", value: "87.3%" },
              { label: "人均学时", value: "72.5" },
              { label: "开设项目（个）", value: "1,204" },
              { label: "名师工作室（个）", value: "312" },
            ],
          },
          {
            kind: "paragraph",
            text:
              "2026年，全省各级教师发展机构围绕“强师计划”总体部署，依托研修平台组织开展各类培训项目。全年参训教师覆盖全部14个市州、122个县市区，乡村教师参训比例较上年提高4.2个百分点。" +
              "各地坚持以需求为导向，完善“省—市—县—校”四级研修体系，推动线上研修与线下实践深度融合。ICT training (information and communication technology) sessions were delivered in English for 1,320 teachers in bilingual schools.\n" +
              "从结构看，中小学教师占比最高，幼儿园与特殊教育教师的参训人数增长较快；从质量看，课程评价满意度保持在较高水平，但区域之间、城乡之间仍存在差距，部分县区完成率偏低，需要在下一年度重点关注。",
          },
          {
            kind: "chart",
            title: "各市州参训教师人数",
            option: {
              tooltip: {},
              legend: { data: ["参训人数", "完成人数"], bottom: 0 },
              grid: { left: 50, right: 20, top: 30, bottom: 60 },
              xAxis: { type: "category", data: sampleCities, axisLabel: { interval: 0, rotate: 30 } },
              yAxis: { type: "value", name: "人数" },
              series: [
                { name: "参训人数", type: "bar", data: sampleCities.map((_, i) => 9000 + ((i * 3137) % 9000)) },
                { name: "完成人数", type: "bar", data: sampleCities.map((_, i) => 7000 + ((i * 2713) % 8000)) },
              ],
            },
          },
        ],
      },
      {
        title: "各学区培训完成情况",
        blocks: [
          { kind: "heading", text: "（一）学区完成情况明细" },
          {
            kind: "table",
            headers: ["学区", "参训教师（人）", "完成人数（人）", "完成率", "人均学时"],
            rows,
            align: ["left", "right", "right", "right", "right"],
            note: "注：完成率 = 完成人数 ÷ 参训教师；人均学时按完成人数计算。数据截至2026年12月1日。",
          },
          { kind: "heading", text: "（二）学段结构" },
          {
            kind: "chart",
            title: "参训教师学段分布",
            height: 220,
            option: {
              legend: { orient: "vertical", left: 10, top: "middle" },
              series: [
                {
                  name: "学段",
                  type: "pie",
                  radius: ["35%", "65%"],
                  center: ["58%", "50%"],
                  label: { formatter: "{b}：{d}%" },
                  data: [
                    { name: "幼儿园", value: 23110 },
                    { name: "小学", value: 78420 },
                    { name: "初中", value: 51200 },
                    { name: "高中", value: 26870 },
                    { name: "特殊教育", value: 6820 },
                  ],
                },
              ],
            },
          },
        ],
      },
      {
        title: "学时趋势与问题建议",
        blocks: [
          {
            kind: "chart",
            title: "月度人均学时",
            option: {
              legend: { bottom: 0 },
              xAxis: { type: "category", data: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"] },
              yAxis: { type: "value", name: "学时" },
              series: [
                { name: "本年度", type: "line", data: [3.2, 2.1, 6.8, 7.4, 8.1, 6.2, 9.5, 10.2, 7.7, 6.4, 5.1, 2.8] },
                { name: "上年度", type: "line", lineStyle: { type: "dashed" }, data: [2.8, 1.9, 5.6, 6.1, 7.2, 5.8, 8.1, 8.8, 6.9, 5.7, 4.4, 2.2] },
              ],
            },
          },
          { kind: "heading", text: "（一）存在的问题" },
          {
            kind: "paragraph",
            text: Array.from(
              { length: 6 },
              (_, i) =>
                `${i + 1}. 部分县区培训组织仍以集中讲授为主，参与式、体验式研修比例不高；乡村学校受工学矛盾影响，教师完成线上课程的时间集中在学期末，学习效果有待提升。校本研修与区域研修衔接不够紧密，研修成果转化为课堂教学改进的路径还不清晰。`,
            ).join("\n"),
          },
          { kind: "heading", text: "（二）下一步建议" },
          {
            kind: "paragraph",
            text: "一是优化项目设计，按学段、学科和教龄分层分类设置课程；二是加强过程管理，将学时认定与课堂实践、成果展示相结合；三是发挥名师工作室辐射作用，推动优质资源向乡村学校倾斜。",
          },
        ],
      },
    ],
  };
}
