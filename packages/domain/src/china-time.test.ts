import { describe, expect, it } from "vitest";
import { chinaDay, chinaTime } from "./china-time.ts";

describe("China's wall clock", () => {
  it("an instant after 16:00 UTC is already the next day in China", () => {
    expect(chinaDay(new Date("2026-03-01T15:59:59.999Z"))).toBe("2026-03-01");
    expect(chinaDay(new Date("2026-03-01T16:00:00.000Z"))).toBe("2026-03-02");
    expect(chinaDay(new Date("2026-12-31T16:00:00.000Z"))).toBe("2027-01-01");
  });

  it("times read as Beijing time, to the second or to the minute", () => {
    const at = new Date("2026-12-31T16:05:09.870Z");
    expect(chinaTime(at)).toBe("2027-01-01 00:05:09");
    expect(chinaTime(at, "minute")).toBe("2027-01-01 00:05");
  });
});
