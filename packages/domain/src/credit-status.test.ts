import { describe, expect, it } from "vitest";
import { defaultCreditPolicy, type TLedgerEntry } from "./credits.ts";
import { creditYearEnd, isOnPace, ledgerUpTo, paceStandard, statusTotals, yearEndStanding } from "./credit-status.ts";

const award = (id: string, hours: number, countsFor: string, extra: Partial<TLedgerEntry> = {}): TLedgerEntry => ({ id, hours, category: "online", countsFor, source: "courseCompletion", reversesAwardId: null, ...extra });

describe("where a teacher stood at the end of a credit year (decision 038)", () => {
  it("counts the awards dated up to the year's last day and judges them by the pace asked of that day", () => {
    // The national default: 2021–2025, 360 学时, 72 a year.
    const ledger = [award("a", 360, "2025-03-01"), award("b", 10, "2026-02-01")];
    const end2025 = yearEndStanding(defaultCreditPolicy, ledger, 2025);
    expect(end2025).toEqual({ day: "2025-12-31", year: 2025, cycleHours: 360, yearHours: 360, onPace: true });
    // 2026 starts a new cycle: 10 学时 by the end of it is behind.
    expect(yearEndStanding(defaultCreditPolicy, ledger, 2026)).toMatchObject({ day: "2026-12-31", cycleHours: 10, onPace: false });
    // 2024: nothing yet, and four years of the cycle were due.
    expect(yearEndStanding(defaultCreditPolicy, ledger, 2024)).toMatchObject({ cycleHours: 0, onPace: false });
  });

  it("is the live verdict of that day: the same totals and the same rule", () => {
    const ledger = [award("a", 100, "2023-05-01"), award("b", 150, "2024-06-01")];
    const day = creditYearEnd(defaultCreditPolicy, 2024);
    const live = statusTotals(defaultCreditPolicy, ledger, day);
    const s = yearEndStanding(defaultCreditPolicy, ledger, 2024);
    expect([s.cycleHours, s.yearHours]).toEqual([live.cycleHours, live.yearHours]);
    expect(s.onPace).toBe(live.pace !== "behind");
    expect(s.onPace).toBe(isOnPace(live, paceStandard(defaultCreditPolicy, day)));
  });

  it("a reversal recorded later still takes its award away; later awards do not count", () => {
    const ledger = [award("a", 360, "2025-03-01"), award("r", -360, "2026-03-01", { source: "reversal", reversesAwardId: "a" }), award("c", 50, "2026-01-05")];
    expect(ledgerUpTo(ledger, "2025-12-31").map((e) => e.id)).toEqual(["a", "r"]);
    expect(yearEndStanding(defaultCreditPolicy, ledger, 2025)).toMatchObject({ cycleHours: 0, onPace: false });
  });
});
