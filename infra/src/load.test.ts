import { spawn } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { allowedCpus, startLoad } from "./load.ts";
import { isAlive, waitFor } from "./proc.ts";

/** CPU time a process has used, in clock ticks (utime + stime of /proc/<pid>/stat). */
function cpuTicks(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
const cpusOf = (pid: number) => /^Cpus_allowed_list:\s*(.+)$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];

describe("LOAD=N busy loops", () => {
  it("burn CPU, one per allowed CPU in turn, until stopped, and none is left afterwards", async () => {
    const load = startLoad(2);
    try {
      expect(load.pids).toHaveLength(2);
      expect(await waitFor(() => load.pids.every((pid) => cpuTicks(pid) > 5), 20_000)).toBe(true);
      const cpus = allowedCpus();
      expect(load.pids.map(cpusOf)).toEqual([0, 1].map((i) => String(cpus[i % cpus.length])));
    } finally {
      await load.stop();
    }
    expect(load.pids.filter(isAlive)).toEqual([]);
  });

  it("a loop whose test run is gone (killed with -9, say) ends by itself", async () => {
    const run = spawn("sleep", ["60"]);
    const load = startLoad(1, { watchPid: run.pid });
    try {
      expect(await waitFor(() => cpuTicks(load.pids[0]!) > 0, 20_000)).toBe(true);
      await new Promise((resolve) => {
        run.once("exit", resolve);
        run.kill("SIGKILL");
      });
      expect(await waitFor(() => !isAlive(load.pids[0]!), 20_000)).toBe(true);
    } finally {
      await load.stop();
    }
  });
});
