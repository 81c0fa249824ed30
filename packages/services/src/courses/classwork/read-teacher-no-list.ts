import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { readRosterRows } from "../../platform/xlsx/xlsx.ts";

/**
 * The first column of an uploaded .xlsx/.csv (a list of 教师编号 to assign a course to), read with the roster
 * reader (streamed, size-limited). The caller checks the upload's size first.
 */
export async function readTeacherNoList(opts: { fileName: string; bytes: Uint8Array }): Promise<string[]> {
  const kind = /\.csv$/i.test(opts.fileName) ? "csv" : "xlsx";
  const dir = await mkdtemp(path.join(os.tmpdir(), "yx-assign-"));
  const filePath = path.join(dir, `list.${kind}`);
  try {
    await writeFile(filePath, opts.bytes);
    const out: string[] = [];
    for await (const row of readRosterRows(filePath, kind)) {
      const cell = row.cells[0];
      if (cell != null && String(cell).trim()) out.push(String(cell));
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
