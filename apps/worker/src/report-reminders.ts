import type { Database } from "@yanxiu/db/client";
import { remindOverdueReports } from "@yanxiu/services/notifications";

type Log = (m: string) => void;

/**
 * 绩效评估报告 reminders as messages (decision 034): every `everyMs` (an hour by default), one service call
 * reminds the admins who owe an overdue report. Thin on purpose: which reports, who, and once-only (the
 * notice's dedupe key) are the service's; several worker processes may all run it. The first pass waits
 * `everyMs` too, so a restart loop does not sweep every province each time. `tenantIds` narrows it (tests).
 */
export function startReportReminders(opts: { db: Database; log: Log; everyMs: number; tenantIds?: ReadonlySet<string> }) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = remindOverdueReports({ db: opts.db, ...(opts.tenantIds ? { tenantIds: [...opts.tenantIds] } : {}) })
      .then(
        (n) => {
          if (n > 0) opts.log(`reminded ${n} overdue report notice(s)`);
        },
        (e: Error) => opts.log(`report reminders: ${e.message}`),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, opts.everyMs);
      });
  };
  timer = setTimeout(tick, opts.everyMs);
  timer.unref();
  return {
    async close() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
