import { describe, expect, it } from "vitest";
import { chinaDayBounds, ZAuditQuery } from "./audit.ts";

describe("the audit log's query", () => {
  it("takes the filters from the URL, blanks as absent, with page 1 of 50 by default", () => {
    expect(ZAuditQuery.parse({ action: "", person: " 王芳 ", from: "2026-12-01", to: "" })).toEqual({ person: "王芳", from: "2026-12-01", page: 1, size: 50 });
    expect(ZAuditQuery.parse({ action: "account", page: "3", size: "20" })).toMatchObject({ action: "account", page: 3, size: 20 });
    expect(ZAuditQuery.parse({ person: "hn_admin" }).person).toBe("hn_admin");
  });

  it("refuses what is not a filter: an unknown action, a page size not offered, a range that ends before it starts, control characters", () => {
    expect(ZAuditQuery.safeParse({ action: "drop table" }).success).toBe(false);
    expect(ZAuditQuery.safeParse({ size: "1000" }).success).toBe(false);
    expect(ZAuditQuery.safeParse({ from: "2026-12-05", to: "2026-12-01" }).success).toBe(false);
    expect(ZAuditQuery.safeParse({ from: "2026-13-45" }).success).toBe(false);
    expect(ZAuditQuery.safeParse({ person: "a\u0000b" }).success).toBe(false);
    expect(ZAuditQuery.safeParse({ page: "0" }).success).toBe(false);
  });

  it("bounds days in China time, the last day included", () => {
    expect(chinaDayBounds({ from: "2026-12-01", to: "2026-12-01" })).toEqual({ since: new Date("2026-11-30T16:00:00Z"), until: new Date("2026-12-01T16:00:00Z") });
    expect(chinaDayBounds({})).toEqual({ since: undefined, until: undefined });
  });
});
