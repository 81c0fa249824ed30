import type { Readable } from "node:stream";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import { type TCell, xlsxStream } from "../../platform/xlsx/xlsx.ts";
import type { TUnitState } from "../common.ts";
import { gradingQueue } from "./assignments.ts";
import { checkInRoster, type TAttendance } from "./check-in.ts";
import { classList } from "./class-list.ts";

const sourceNames = { self: "自主选学", assigned: "指派", project: "项目" } as const;
const stateNames: Record<TUnitState, string> = { notStarted: "未开始", inProgress: "学习中", complete: "已完成" };
const attendanceNames: Record<TAttendance, string> = { present: "已签到", late: "迟到", absent: "缺勤", pending: "未签到" };

const fmt = (d: Date | null) => (d ? d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }) : "");

/**
 * The trainer's lists as .xlsx, streamed: the first page is read before anything is returned (so a
 * refusal is a normal error the route maps to 404/403), then rows are written page by page into the
 * returned stream. Text that looks like a formula stays text (see writeXlsxTo).
 */
function streamed(headers: string[], rows: AsyncIterable<TCell[]>): Readable {
  return xlsxStream([{ name: "Sheet1", headers, rows }]);
}

/** Pages of a keyset list as one async sequence, starting with a page already read. */
async function* pages<P extends { next: string | null }, R>(first: P, more: (after: string) => Promise<P>, rowsOf: (p: P) => R[]): AsyncGenerator<R> {
  let page = first;
  for (;;) {
    yield* rowsOf(page);
    if (!page.next) return;
    page = await more(page.next);
  }
}

export async function exportClassList(opts: { db: Database; actor: TActor; courseId: string; pageSize?: number }): Promise<{ stream: Readable; fileName: string }> {
  const limit = opts.pageSize ?? 500;
  const first = await classList({ ...opts, limit });
  const headers = ["教师编号", "姓名", "学校", "报名方式", "截止日期", "报名时间", "完成进度(%)", ...first.units.map((u) => u.title)];
  const rows = pages(
    first,
    (after) => classList({ ...opts, after, limit }),
    (p) =>
      p.rows.map((r): TCell[] => [
        r.teacherNo ?? "",
        r.name,
        r.school ?? "",
        sourceNames[r.source],
        fmt(r.deadline),
        fmt(r.enrolledAt),
        r.progressPercent,
        ...first.units.map((u) => stateNames[r.units[u.id] ?? "notStarted"]),
      ]),
  );
  return { stream: streamed(headers, rows), fileName: `${first.courseTitle}-学员名单.xlsx` };
}

export async function exportGradingQueue(opts: { db: Database; actor: TActor; courseId: string; pageSize?: number }): Promise<{ stream: Readable; fileName: string }> {
  const limit = opts.pageSize ?? 500;
  const first = await gradingQueue({ ...opts, limit });
  const headers = ["教师编号", "姓名", "学校", "作业", "提交时间", "作业内容", "附件"];
  const rows = pages(
    first,
    (after) => gradingQueue({ ...opts, after, limit }),
    (p) => p.items.map((i): TCell[] => [i.teacherNo ?? "", i.name, i.school ?? "", i.unitTitle, fmt(i.submittedAt), i.body, i.fileName ?? ""]),
  );
  return { stream: streamed(headers, rows), fileName: `${first.courseTitle}-待批改作业.xlsx` };
}

export async function exportCheckInRoster(opts: { db: Database; actor: TActor; courseId: string; unitId: string; now?: Date }): Promise<{ stream: Readable; fileName: string }> {
  const r = await checkInRoster(opts);
  const headers = ["教师编号", "姓名", "学校", "签到状态", "签到时间"];
  async function* rows() {
    for (const x of r.rows) yield [x.teacherNo ?? "", x.name, x.school ?? "", attendanceNames[x.state], fmt(x.checkedInAt)];
  }
  return { stream: streamed(headers, rows()), fileName: `${r.courseTitle}-${r.unitTitle}-签到表.xlsx` };
}
