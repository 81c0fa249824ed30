import type { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { categoryLabel, levelLabel, roleLabel, type TSchemeRole } from "@yanxiu/domain/credit-scheme";
import type { TAwardSource } from "@yanxiu/domain/credits";
import type { Database } from "@yanxiu/db/client";
import { teacherProfile } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { xlsxStream } from "../platform/xlsx/xlsx.ts";
import type { TActor } from "../org/scope.ts";
import { loadTeacherInScope, readableLedger, type TLedgerRow } from "./common.ts";

const sourceLabel: Record<TAwardSource, string> = {
  courseCompletion: "课程结业",
  liveSession: "直播研修",
  coTeaching: "双师课堂",
  external: "校外学时认定",
  manual: "管理员录入",
  reversal: "撤销",
  trainingProject: "培训项目",
  fixedPoint: "定额项目认定",
};

/** 名单学分: 学分 an imported list stated (decision 039), which a 学分 scheme counts as stated. */
const headers = ["日期", "项目", "类别", "级别", "角色", "学时", "名单学分", "来源", "说明"];

function cells(r: TLedgerRow): (string | number)[] {
  const note = r.source === "reversal" ? (r.reason ?? "") : r.reversedBy ? `已撤销：${r.reversedBy.reason ?? ""}` : (r.reason ?? "");
  return [r.countsFor, r.title, categoryLabel[r.category], levelLabel[r.organiserLevel], roleLabel[r.role as TSchemeRole] ?? r.role, r.hours, r.statedCredits ?? "", sourceLabel[r.source], note];
}

const ZTeacherId = z.object({ teacherId: z.uuid("notFound") });

/**
 * A teacher's 学时明细 as an .xlsx, every row of the ledger as 我的学时 lists it (reversals and what they cancelled
 * included): the teacher's own (no `teacherId`), or a teacher's as an administrator in scope sees them (out of
 * scope, another province or absent: notFound). Streamed; the sheet is written as rows are read.
 */
export async function exportLedger(opts: { db: Database; actor: TActor; teacherId?: string }): Promise<{ stream: Readable; fileName: string }> {
  const { actor } = opts;
  const { name, rows } = await opts.db.withTenant(actor.tenantId, async (tx) => {
    if (opts.teacherId !== undefined) {
      const { teacherId } = parseInput(ZTeacherId, { teacherId: opts.teacherId });
      const teacher = await loadTeacherInScope(tx, actor, teacherId);
      return { name: teacher.name, rows: await readableLedger(tx, teacherId) };
    }
    const [own] = await tx.select({ name: teacherProfile.name }).from(teacherProfile).where(eq(teacherProfile.userId, actor.actorId));
    return { name: own?.name ?? "我的", rows: await readableLedger(tx, actor.actorId) };
  });
  return { stream: xlsxStream([{ name: "Sheet1", headers, rows: rows.map(cells) }]), fileName: `${name}-学时明细.xlsx` };
}
