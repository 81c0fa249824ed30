import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { writeRosterTemplate } from "../platform/xlsx/xlsx.ts";

let template: Promise<Buffer> | undefined;

/** The roster template (.xlsx) as bytes, made once per process: it never changes while the process runs. */
export function rosterTemplate(): Promise<Buffer> {
  template ??= (async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "yx-template-"));
    const file = path.join(dir, "template.xlsx");
    await writeRosterTemplate(file);
    const bytes = await fs.readFile(file);
    await fs.rm(dir, { recursive: true, force: true });
    return bytes;
  })();
  return template;
}
