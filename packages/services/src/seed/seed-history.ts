import { eq, inArray } from "drizzle-orm";
import type { OwnerDatabase } from "@yanxiu/db/client";
import { creditAward, orgUnit, teacherProfile } from "@yanxiu/db/schema";
import { chinaDay } from "../credits/status.ts";
import { recomputeTenantStatuses } from "../credits/policy.ts";
import { computeRollups } from "../rollups/compute-rollups.ts";
import { seedOrgUnit, seedTeacher, seedTenant } from "./factories.ts";
import { demoProvinces, type DemoProvince } from "./seed-demo.ts";

/**
 * Years of training history for the demo provinces, so that a person trying the platform with `npm start` sees
 * what a province in its second cycle looks like: a third county with two schools, forty more teachers, and
 * 学时 in the ledger from 2021 to today (courses, 集中培训, 校本研修, 工作室 and 双师), at a pace that differs
 * from teacher to teacher, so that the dashboards, the 周期学时 list and the teachers' rings are not empty.
 *
 * Only the start command writes it; the tests run on the plain demo seed, whose numbers they assert.
 * Deterministic and idempotent: every award's source reference names the teacher, year and item, so running it
 * again (on a later day) adds only the months that have passed since.
 */

type Extra = { county: [string, string]; schools: [string, string, "urban" | "rural"][] };

const extras: Record<string, Extra> = {
  "43": {
    county: ["荷塘区", "430202"],
    schools: [["株洲市荷塘区第二中学", "4302020001", "urban"], ["荷塘区仙庾镇中心小学", "4302020002", "rural"]],
  },
  "51": {
    county: ["涪城区", "510703"],
    schools: [["绵阳市涪城区实验中学", "5107030001", "urban"], ["涪城区青义镇小学", "5107030002", "rural"]],
  },
};

const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢";
const given = ["丽华", "建军", "晓梅", "志刚", "海燕", "文静", "俊杰", "秀英", "国华", "雪莲", "明辉", "春燕", "子涵", "思远", "玉兰", "永强", "佳怡", "卫东", "红梅", "浩然"];
const subjects = ["语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "道德与法治", "音乐", "美术", "体育", "信息科技"];

/** A small deterministic generator (mulberry32), so the demo is the same on every machine. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Item = {
  month: number;
  title: string;
  hours: number;
  category: (typeof creditAward.$inferInsert)["category"];
  organiserLevel: (typeof creditAward.$inferInsert)["organiserLevel"];
};

/** One teacher's year: about 72 学时 × diligence, in the shape a real year has (summer online course, a
 * concentrated training, monthly 校本研修, studio and 双师 sessions). Months after `lastMonth` are left out. */
function yearOf(year: number, diligence: number, rnd: () => number, lastMonth: number): Item[] {
  const items: Item[] = [];
  const add = (month: number, title: string, hours: number, category: Item["category"], organiserLevel: Item["organiserLevel"]) => {
    if (month <= lastMonth && hours > 0) items.push({ month, title, hours: Math.round(hours * 10) / 10, category, organiserLevel });
  };
  add(8, `${year}年暑期教师研修（国家中小学智慧教育平台）`, Math.round(24 * diligence), "online", "national");
  if (rnd() < diligence * 0.7) add(rnd() < 0.5 ? 4 : 10, `${year}年骨干教师集中培训`, 24, "concentrated", "provincial");
  for (const m of [3, 5, 9, 11]) if (rnd() < diligence) add(m, `校本研修：${["作业设计", "大单元教学", "课堂观察", "跨学科主题学习"][m % 4]}`, 4, "schoolBased", "school");
  for (const m of [4, 6, 10, 12]) if (rnd() < diligence * 0.6) add(m, "名师工作室研修活动", 2 + Math.round(rnd() * 2), "studio", "county");
  if (rnd() < diligence * 0.5) add(11, "双师课堂协同教研", 3, "coTeaching", "city");
  if (rnd() < diligence * 0.8) add(2, `${year}年寒假网络研修`, Math.round(10 * diligence), "online", "provincial");
  return items;
}

export async function seedDemoHistory(
  owner: OwnerDatabase,
  opts: { today?: string; provinces?: DemoProvince[] } = {},
): Promise<{ teachers: number; awards: number }> {
  const today = opts.today ?? chinaDay();
  const [thisYear, thisMonth] = today.split("-").map(Number) as [number, number];
  let teachers = 0;
  let awards = 0;
  for (const [pi, p] of (opts.provinces ?? demoProvinces).entries()) {
    const t = await seedTenant(owner, { slug: p.slug, name: p.name, code: p.code });
    const extra = extras[p.code];
    if (!extra) throw new Error(`no demo history for province code ${p.code}`);
    const units = await owner.withTenant(t.id, (tx) =>
      tx.select({ id: orgUnit.id, code: orgUnit.code }).from(orgUnit).where(inArray(orgUnit.code, p.orgs.map((o) => o.code))),
    );
    const byCode = new Map(units.map((u) => [u.code, u.id]));
    const idOf = (key: string) => byCode.get(p.orgs.find((o) => o.key === key)!.code)!;
    const county = await seedOrgUnit(owner, t.id, { kind: "county", name: extra.county[0], code: extra.county[1], parentId: idOf("city2") });
    const schoolIds = [idOf("school1"), idOf("school2"), idOf("school3")];
    for (const [name, code, area] of extra.schools) {
      const s = await seedOrgUnit(owner, t.id, { kind: "school", name, code, parentId: county.id, attributes: { stages: ["primary"], area } });
      schoolIds.push(s.id);
    }

    const rnd = random(20260 + pi);
    for (let i = 0; i < 40; i++) {
      const name = surnames[Math.floor(rnd() * surnames.length)]! + given[Math.floor(rnd() * given.length)]!;
      const n = String(200 + i).padStart(4, "0");
      await seedTeacher(owner, t.id, schoolIds[i % schoolIds.length]!, {
        teacherNo: `${p.code}T${n}`, name, gender: rnd() < 0.7 ? "female" : "male", phone: `1370000${n}`, email: null,
        stages: [i % 3 ? "primary" : "juniorSecondary"], subjects: [subjects[i % subjects.length]!],
        title: ["二级教师", "一级教师", "高级教师"][i % 3]!, backboneLevel: i % 9 === 0 ? "city" : i % 5 === 0 ? "county" : null,
      });
    }

    const all = await owner.withTenant(t.id, (tx) =>
      tx.select({ userId: teacherProfile.userId, teacherNo: teacherProfile.teacherNo }).from(teacherProfile).where(eq(teacherProfile.tenantId, t.id)),
    );
    teachers += all.length;
    for (const teacher of all.sort((a, b) => a.teacherNo.localeCompare(b.teacherNo))) {
      const trnd = random([...teacher.teacherNo].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
      const diligence = 0.55 + trnd() * 0.75;
      const rows: (typeof creditAward.$inferInsert)[] = [];
      for (let year = thisYear - 5; year <= thisYear; year++) {
        const lastMonth = year < thisYear ? 12 : thisMonth - 1;
        for (const [k, item] of yearOf(year, diligence, trnd, lastMonth).entries()) {
          rows.push({
            tenantId: t.id,
            teacherId: teacher.userId,
            source: "manual",
            sourceRef: `demo-history:${year}:${k}`,
            title: item.title,
            hours: String(item.hours),
            category: item.category,
            organiserLevel: item.organiserLevel,
            countsFor: `${year}-${String(item.month).padStart(2, "0")}-${String(5 + (k % 20)).padStart(2, "0")}`,
            // A 24-学时 集中 training ran three days at an accredited provider: what a scheme's eligibility reads (decision 019).
            evidence: item.category === "concentrated" ? [{ durationDays: 3, providerAccredited: true }] : [],
            reason: "演示数据：往年研修记录",
          });
        }
      }
      const inserted = await owner.withTenant(t.id, (tx) =>
        tx.insert(creditAward).values(rows).onConflictDoNothing().returning({ id: creditAward.id }),
      );
      awards += inserted.length;
    }
    await recomputeTenantStatuses({ db: owner, tenantId: t.id, today });
    await computeRollups({ db: owner, tenantId: t.id, today });
  }
  return { teachers, awards };
}
