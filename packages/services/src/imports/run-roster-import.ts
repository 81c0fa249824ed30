import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { AppError, isAppError } from "@yanxiu/domain/errors";
import { can, isAdministrator, type TGrant } from "@yanxiu/domain/permissions";
import {
  checkRosterHeaders,
  isBlankRow,
  isRosterHeaderRow,
  maskIdNumberCell,
  normalizeCell,
  parseRosterRow,
  rosterCellsByKey,
  rosterColumns,
  rosterImportCounts,
  rosterLimits,
  type TRosterImportCounts,
  type TRosterRow,
} from "@yanxiu/domain/roster";
import { loadGrants } from "../auth/session.ts";
import type { IdNumberHasher } from "../platform/id-number-hash.ts";
import { copyInto, copyText, type Database, type Tx } from "@yanxiu/db/client";
import { fileKey, type FileStore } from "../platform/files.ts";
import { unusablePasswordHash } from "../people/upsert-teacher.ts";
import { followMovedTeachers } from "../credits/fixed-points.ts";
import { readRosterRows, rosterTemplateExample, writeRejectedRowsReport, type TRejectedRow, type TSheetRow } from "../platform/xlsx/xlsx.ts";
import { orgUnit, rosterImport } from "@yanxiu/db/schema";

type TSchool = { id: string; path: string; rural: boolean; kind: string; status: string };
type TPending = { rowNumber: number; row: TRosterRow; cells: string[]; school: TSchool; idHash: string | null };

/** The template's example row, left in by an admin who filled the template below it: not a teacher. */
function isTemplateExample(cells: Partial<Record<string, unknown>>): boolean {
  return rosterColumns.every((c) => normalizeCell(cells[c.key]) === normalizeCell(rosterTemplateExample[c.key]));
}

/** How many non-blank rows (a title, instructions) may sit above the header row. */
const maxRowsAboveHeader = 10;

/** A row above the header, as the note that says it was skipped. */
function skippedRowNote(r: TSheetRow): string {
  const text = r.cells.map(normalizeCell).filter(Boolean).join(" ");
  return `已跳过表头上方的第 ${r.rowNumber} 行：${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
}

/**
 * `written` = `created` + `updated` + `unchanged`: teachers new to the province, teachers whose details
 * changed, and teachers already exactly as in the file (importing the same file again).
 */
/** The counts as the import's row stores them (`rosterImportCounts` reads them back). */
function countColumns(c: TRosterImportCounts) {
  return { checkedRows: c.checked, writtenRows: c.written, rejectedRows: c.rejected, createdRows: c.created, updatedRows: c.updated, unchangedRows: c.unchanged };
}

export type TImportSummary = {
  status: "done" | "failed";
  total: number;
  checked: number;
  written: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  error: string | null;
};

/**
 * Runs a roster import. Two streaming passes over the file: the first checks the header and counts the
 * rows (so the progress bar has a total), the second validates each row and writes the valid ones in one
 * transaction per batch, upserting on 教师编号. A crash mid-way leaves whole batches only; running the job
 * again starts over and, because rows are upserted, ends with the same teachers, never duplicates (a
 * teacher a crashed run already wrote then counts as unchanged rather than new).
 *
 * A batch is written with a handful of statements whatever its size (`mergeBatch`): its rows are COPYed
 * into a temporary table of the batch's tenant transaction and merged into the tenant's tables in SQL,
 * under row-level security like any other write. While one batch is written the next is read and
 * checked, so reading the file and writing overlap; at most two batches are held in memory.
 */
export async function runRosterImport(opts: {
  db: Database;
  files: FileStore;
  tenantId: string;
  importId: string;
  batchSize?: number;
  /** Hashes a 身份证号 (decision 037); null when the deployment has no ID_NUMBER_KEY (the column is then ignored, with a note). */
  idNumbers: IdNumberHasher | null;
}): Promise<TImportSummary> {
  const { db, tenantId, importId } = opts;
  const batchSize = opts.batchSize ?? 5000;
  const [imp] = await db.withTenant(tenantId, (tx) => tx.select().from(rosterImport).where(eq(rosterImport.id, importId)));
  if (!imp) throw new AppError("notFound", `import ${importId}`);
  if (imp.status === "done" || imp.status === "failed") {
    return { status: imp.status, total: imp.totalRows ?? 0, ...rosterImportCounts(imp), error: imp.error };
  }
  const update = (values: Partial<typeof rosterImport.$inferInsert>, tx?: Tx) =>
    tx
      ? tx.update(rosterImport).set(values).where(eq(rosterImport.id, importId))
      : db.withTenant(tenantId, (t) => t.update(rosterImport).set(values).where(eq(rosterImport.id, importId)));

  const grants: TGrant[] = await db.withTenant(tenantId, (tx) => loadGrants(tx, imp.actorId));
  const counters = { total: 0, checked: 0, written: 0, rejected: 0, created: 0, updated: 0, unchanged: 0 };
  try {
    if (!isAdministrator(grants)) throw new AppError("badRequest", "导入人已没有管理权限。");
    await update({ status: "running", checkedRows: 0, writtenRows: 0, rejectedRows: 0, createdRows: 0, updatedRows: 0, unchangedRows: 0, notes: [], totalRows: null, error: null });
    const kind = imp.fileKey.endsWith(".csv") ? "csv" : "xlsx";
    const path = opts.files.localPath(imp.fileKey);

    // Pass 1: find the header row and count the rows. Schools put a title (often merged across the
    // columns) or a line of instructions above the header; the header is the first row that names
    // the roster's columns. When none does, the first row is taken, and the check below says why
    // it is not a header.
    let header: TSheetRow | null = null;
    const above: TSheetRow[] = [];
    let headerIndex: Parameters<typeof rosterCellsByKey>[0] | null = null;
    for await (const r of readRosterRows(path, kind)) {
      if (!header) {
        if (isBlankRow(r.cells)) continue;
        if (isRosterHeaderRow(r.cells)) header = r;
        else if (above.push(r) >= maxRowsAboveHeader) break;
        if (header) {
          const check = checkRosterHeaders(header.cells);
          headerIndex = check.ok ? check.columnIndex : null;
        }
        continue;
      }
      if (!isBlankRow(r.cells) && !(headerIndex && isTemplateExample(rosterCellsByKey(headerIndex, r.cells)))) counters.total++;
      if (counters.total > rosterLimits.maxRows) throw new AppError("payloadTooLarge", `文件超过 ${rosterLimits.maxRows} 行，请拆分后分批导入。`);
    }
    if (!header && above.length === 0) throw new AppError("badRequest", "文件是空的，没有表头。请使用导入模板。");
    // A row that passes the check names the roster's columns, so it is `header` whenever the check passes.
    const headerCandidate = header ?? above[0]!;
    const check = checkRosterHeaders(headerCandidate.cells);
    if (!check.ok) {
      const parts = [
        check.missing.length ? `缺少列：${check.missing.join("、")}` : "",
        check.unknown.length ? `无法识别的列：${check.unknown.join("、")}` : "",
        check.duplicate.length ? `重复的列：${check.duplicate.join("、")}` : "",
      ].filter(Boolean);
      throw new AppError("badRequest", `表头与模板不一致（${parts.join("；")}）。请使用导入模板。`);
    }
    const headerRow = headerCandidate.rowNumber;
    const notes = [...above.filter((r) => r.rowNumber < headerRow).map(skippedRowNote), ...check.ignored.map((c) => c.note)];
    // Without the key a 身份证号 cannot be kept (not even hashed): the column is read past, and the admin told.
    const columnIndex = { ...check.columnIndex };
    if (!opts.idNumbers && columnIndex.idNumber !== undefined) {
      delete columnIndex.idNumber;
      notes.push("已忽略“身份证号”列：本平台未配置身份证号密钥，不保存身份证号");
    }
    if (counters.total === 0) throw new AppError("badRequest", "文件中没有教师数据。");
    await update({ totalRows: counters.total, notes });

    // Pass 2: validate and write.
    const schools = new Map<string, TSchool | null>();
    const seenNo = new Map<string, number>();
    const seenPhone = new Map<string, { rowNumber: number; teacherNo: string }>();
    const seenId = new Map<string, { rowNumber: number; teacherNo: string }>();
    const rejected: TRejectedRow[] = [];
    let batch: TPending[] = [];

    // Every org unit's code, read once (a province has thousands of schools, not millions): a lookup per
    // school code was a transaction per school.
    for (const s of await db.withTenant(tenantId, (tx) =>
      tx.select({ id: orgUnit.id, code: orgUnit.code, path: orgUnit.path, attributes: orgUnit.attributes, kind: orgUnit.kind, status: orgUnit.status }).from(orgUnit),
    )) {
      if (s.code !== null && !schools.has(s.code)) schools.set(s.code, { id: s.id, path: s.path, rural: (s.attributes as { area?: string }).area === "rural", kind: s.kind, status: s.status });
    }
    const school = (code: string): TSchool | null => schools.get(code) ?? null;

    // One batch is written while the next is read; `writing` is the batch being written.
    let writing: Promise<void> = Promise.resolve();
    const write = async (pending: TPending[]) => {
      await db.withTenant(tenantId, async (tx) => {
        const m = await mergeBatch(tx, { tenantId, actorId: imp.actorId, pending });
        const byRow = new Map(pending.map((p) => [p.rowNumber, p]));
        counters.written += m.written;
        counters.created += m.created;
        counters.updated += m.updated;
        counters.unchanged += m.unchanged;
        for (const c of m.conflicts) {
          const p = byRow.get(c.rowNumber)!;
          rejected.push({ rowNumber: p.rowNumber, cells: p.cells, reasons: [c.phone ? `手机号已被本省另一位教师（${c.owner}）使用` : `身份证号已登记在本省另一位教师（${c.owner}）名下`] });
        }
        counters.rejected = rejected.length;
        await update(countColumns(counters), tx);
      });
    };
    const flush = async () => {
      await writing;
      if (batch.length === 0) return;
      const pending = batch;
      batch = [];
      writing = write(pending);
      // A failed write is awaited (and thrown) by the next flush or the final one; keep it from being unhandled meanwhile.
      writing.catch(() => {});
    };

    for await (const r of readRosterRows(path, kind)) {
      if (r.rowNumber <= headerRow || isBlankRow(r.cells)) continue;
      const cells = rosterCellsByKey(columnIndex, r.cells);
      if (isTemplateExample(cells)) continue;
      counters.checked++;
      // The report of refused rows goes back to the importer; a 身份证号 in it is masked all the same.
      const shown = rosterColumns.map((c) => (c.key === "idNumber" ? maskIdNumberCell(cells[c.key]) : normalizeCell(cells[c.key])));
      const res = parseRosterRow(cells);
      const reasons = res.ok ? [] : [...res.reasons];
      let target: TSchool | null = null;
      if (res.ok) {
        const row = res.row;
        const dupNo = seenNo.get(row.teacherNo);
        if (dupNo) reasons.push(`教师编号与第 ${dupNo} 行重复`);
        const dupPhone = seenPhone.get(row.phone);
        if (dupPhone && dupPhone.teacherNo !== row.teacherNo) reasons.push(`手机号与第 ${dupPhone.rowNumber} 行重复`);
        const dupId = row.idNumber ? seenId.get(row.idNumber) : undefined;
        if (dupId && dupId.teacherNo !== row.teacherNo) reasons.push(`身份证号与第 ${dupId.rowNumber} 行重复`);
        if (row.idNumber && !dupId) seenId.set(row.idNumber, { rowNumber: r.rowNumber, teacherNo: row.teacherNo });
        target = school(row.schoolCode);
        if (!target) reasons.push(`学校代码不存在：${row.schoolCode}`);
        else if (target.kind !== "school") reasons.push(`代码 ${row.schoolCode} 不是学校`);
        else if (target.status !== "active") reasons.push(`学校已停用：${row.schoolCode}`);
        else if (!can(grants, "people.import", target.path)) reasons.push(`学校不在你的管理范围内：${row.schoolCode}`);
        if (!dupNo) seenNo.set(row.teacherNo, r.rowNumber);
        if (!dupPhone) seenPhone.set(row.phone, { rowNumber: r.rowNumber, teacherNo: row.teacherNo });
      }
      if (reasons.length || !res.ok || !target) {
        rejected.push({ rowNumber: r.rowNumber, cells: shown, reasons });
      } else {
        const idHash = res.row.idNumber && opts.idNumbers ? opts.idNumbers(tenantId, res.row.idNumber) : null;
        batch.push({ rowNumber: r.rowNumber, row: { ...res.row, idNumber: null }, cells: shown, school: target, idHash });
      }
      if (batch.length >= batchSize) await flush();
      else if (counters.checked % 500 === 0) {
        counters.rejected = rejected.length;
        await update({ checkedRows: counters.checked, rejectedRows: counters.rejected });
      }
    }
    await flush();
    await writing;

    let reportKey: string | null = null;
    if (rejected.length) {
      rejected.sort((a, b) => a.rowNumber - b.rowNumber);
      reportKey = fileKey(tenantId, "reports", randomUUID(), "xlsx");
      await writeRejectedRowsReport(await opts.files.prepareLocal(reportKey), rejected, notes);
    }
    counters.rejected = rejected.length;
    await update({
      status: "done",
      ...countColumns(counters),
      reportKey,
      finishedAt: sql`now()` as unknown as Date,
    });
    return { status: "done", ...counters, error: null };
  } catch (e) {
    // A file the import cannot use ends the import with a reason the admin can act on; anything else
    // (the database went away) is left for the job's retry, which starts over.
    if (isAppError(e) && !e.retryable) {
      const message = /[\u4e00-\u9fff]/.test(e.message) ? e.message : "文件无法读取：不是有效的 .xlsx 或 .csv 表格。";
      await update({ status: "failed", error: message, finishedAt: sql`now()` as unknown as Date });
      return { status: "failed", ...counters, error: message };
    }
    throw e;
  }
}


/**
 * Writes one batch of checked rows in the caller's tenant transaction: COPY into a temporary table that
 * the commit drops, then set-based SQL, as `upsertTeachers` does row by row in JavaScript:
 * - a row whose phone another teacher of the tenant already has is refused (returned in `conflicts`);
 * - a teacher new to the tenant gets an account that cannot sign in yet, the teacher role at the school,
 *   a profile and a first transfer (joined);
 * - a known teacher whose details differ is updated, a changed school is a transfer (the role moves too);
 * - a known teacher already exactly as in the file is left alone (counted unchanged).
 * Every statement on a tenant table runs under row-level security, as the app role.
 */
async function mergeBatch(tx: Tx, opts: { tenantId: string; actorId: string; pending: TPending[] }) {
  const { tenantId, actorId, pending } = opts;
  await tx.execute(sql`
    create temp table roster_stage (
      row_number int not null, teacher_no text not null, name text not null, gender text not null, phone text not null,
      email text, school_id uuid not null, org_path text not null, stages text[] not null, subjects text[] not null,
      title text, backbone_level text, rural boolean not null, id_hash text,
      new_user_id uuid not null, user_id uuid, from_school_id uuid, same boolean not null default false
    ) on commit drop`);
  const array = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;
  await copyInto(
    tx,
    "roster_stage (row_number, teacher_no, name, gender, phone, email, school_id, org_path, stages, subjects, title, backbone_level, rural, id_hash, new_user_id)",
    (function* () {
      for (const p of pending) {
        const r = p.row;
        yield [p.rowNumber, r.teacherNo, r.name, r.gender, r.phone, r.email, p.school.id, p.school.path, array(r.stages), array(r.subjects), r.title, r.backboneLevel, p.school.rural, p.idHash, randomUUID()]
          .map((v) => copyText(v))
          .join("\t") + "\n";
      }
    })(),
  );
  // A phone or a 身份证号 already another teacher's in the tenant is refused, not silently shared.
  const conflicts = await tx.execute<{ row_number: number; owner: string; phone: boolean }>(sql`
    delete from roster_stage s using (
      select distinct on (s2.row_number) s2.row_number, t.teacher_no, t.phone = s2.phone as phone
      from roster_stage s2 join teacher_profile t on t.tenant_id = ${tenantId} and (t.phone = s2.phone or t.id_number_hash = s2.id_hash) and t.teacher_no <> s2.teacher_no
      order by s2.row_number, t.phone = s2.phone desc, t.teacher_no
    ) o
    where s.row_number = o.row_number
    returning s.row_number, o.teacher_no as owner, o.phone`);
  // Who is known, and who is already exactly as in the file (the order of 学段 carries no meaning; that of 学科 may).
  await tx.execute(sql`
    update roster_stage s set user_id = t.user_id, from_school_id = t.school_id,
      same = (u.display_name = s.name and t.name = s.name and t.gender = s.gender and t.phone = s.phone
        and t.email is not distinct from s.email and t.school_id = s.school_id and t.org_path = s.org_path
        and array(select x from unnest(t.stages) x order by x collate "C") = array(select x from unnest(s.stages) x order by x collate "C")
        and t.subjects = s.subjects and t.title is not distinct from s.title
        and t.backbone_level is not distinct from s.backbone_level and t.rural = s.rural
        and (s.id_hash is null or t.id_number_hash is not distinct from s.id_hash))
    from teacher_profile t join "user" u on u.tenant_id = t.tenant_id and u.id = t.user_id
    where t.tenant_id = ${tenantId} and t.teacher_no = s.teacher_no`);
  const [counts] = await tx.execute<{ created: number; updated: number; unchanged: number }>(sql`
    select count(*) filter (where user_id is null)::int as created,
      count(*) filter (where user_id is not null and not same)::int as updated,
      count(*) filter (where same)::int as unchanged
    from roster_stage`);
  const { created, updated, unchanged } = counts!;

  if (created) {
    await tx.execute(sql`
      insert into "user" (tenant_id, id, login, password_hash, display_name, must_change_password)
      select ${tenantId}, new_user_id, lower(teacher_no), ${unusablePasswordHash}, name, true from roster_stage where user_id is null`);
    await tx.execute(sql`
      insert into role_assignment (tenant_id, user_id, role, org_unit_id)
      select ${tenantId}, new_user_id, 'teacher', school_id from roster_stage where user_id is null`);
    await tx.execute(sql`
      insert into teacher_profile (tenant_id, user_id, teacher_no, name, gender, phone, email, school_id, org_path, stages, subjects, title, backbone_level, rural, id_number_hash)
      select ${tenantId}, new_user_id, teacher_no, name, gender, phone, email, school_id, org_path, stages, subjects, title, backbone_level, rural, id_hash
      from roster_stage where user_id is null`);
    await tx.execute(sql`
      insert into teacher_transfer (tenant_id, user_id, from_school_id, to_school_id, actor_id)
      select ${tenantId}, new_user_id, null, school_id, ${actorId}::uuid from roster_stage where user_id is null`);
  }
  if (updated) {
    await tx.execute(sql`
      update teacher_profile t set name = s.name, gender = s.gender, phone = s.phone, email = s.email, school_id = s.school_id,
        org_path = s.org_path, stages = s.stages, subjects = s.subjects, title = s.title, backbone_level = s.backbone_level,
        rural = s.rural, id_number_hash = coalesce(s.id_hash, t.id_number_hash), updated_at = now()
      from roster_stage s
      where s.from_school_id is not null and not s.same and t.tenant_id = ${tenantId} and t.user_id = s.user_id`);
    await tx.execute(sql`
      update "user" u set display_name = s.name
      from roster_stage s
      where s.from_school_id is not null and not s.same and u.tenant_id = ${tenantId} and u.id = s.user_id and u.display_name <> s.name`);
    await tx.execute(sql`
      insert into teacher_transfer (tenant_id, user_id, from_school_id, to_school_id, actor_id)
      select ${tenantId}, user_id, from_school_id, school_id, ${actorId}::uuid from roster_stage
      where from_school_id is not null and not same and from_school_id <> school_id`);
    await tx.execute(sql`
      update role_assignment r set org_unit_id = s.school_id
      from roster_stage s
      where s.from_school_id is not null and not s.same and s.from_school_id <> s.school_id
        and r.tenant_id = ${tenantId} and r.user_id = s.user_id and r.role = 'teacher'`);
    // Moved teachers' 定额项目 claims follow them to the new school's chain.
    const moved = await tx.execute<{ user_id: string }>(sql`select user_id from roster_stage where from_school_id is not null and not same and from_school_id <> school_id`);
    await followMovedTeachers(tx, moved.map((m) => m.user_id));
  }
  return {
    written: created + updated + unchanged,
    created,
    updated,
    unchanged,
    conflicts: [...conflicts].map((c) => ({ rowNumber: c.row_number, owner: c.owner, phone: c.phone })),
  };
}

