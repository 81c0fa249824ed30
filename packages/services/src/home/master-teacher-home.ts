import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { readTeacherHome } from "./teacher-home.ts";

/**
 * A master teacher's home: the studios they run (host or co-host) with the applications waiting for their
 * decision and the plan's next activities, then their own learning (the teacher home: a master teacher
 * earns 学时 like anyone).
 */
export async function readMasterTeacherHome(opts: { db: Database; actor: TActor; today?: string; now?: Date }) {
  const home = await readTeacherHome(opts);
  const hosting = home.studios.filter((s) => s.myRole === "host" || s.myRole === "coHost");
  return { ...home, hosting, pendingApplications: hosting.reduce((n, s) => n + s.pendingApplications, 0) };
}

export type TMasterTeacherHome = Awaited<ReturnType<typeof readMasterTeacherHome>>;
