import { describe, expect, it } from "vitest";
import { readNoticeParams, ZAppPath, ZDedupeKey, ZNotificationsQuery, ZNotifyInput } from "./notifications.ts";

const userId = "4b7d3c1e-2f6a-4e8b-9c0d-1a2b3c4d5e6f";
const base = { userId, link: "/my/credits/fixed-points", dedupeKey: "fixedPoint:x:1:0:return" };

describe("notices", () => {
  it("a link is a path of this site: not another host, not a script, not a blank", () => {
    for (const ok of ["/", "/my/credits", "/admin/projects/abc/evaluation?tab=report#r"]) expect(ZAppPath.safeParse(ok).success).toBe(true);
    for (const bad of ["//evil.example/x", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "my/credits", "/a b", "/a\r\nSet-Cookie: x", "/a\u0000", `/${"a".repeat(600)}`, ""])
      expect(ZAppPath.safeParse(bad).success).toBe(false);
  });

  it("a dedupe key is short printable text", () => {
    expect(ZDedupeKey.safeParse("reportOverdue:p:2026-01-01").success).toBe(true);
    for (const bad of ["", "a b", "a\nb", "x".repeat(201), "键"]) expect(ZDedupeKey.safeParse(bad).success).toBe(false);
  });

  it("the facts of a notice are cleaned, not refused: NUL and line breaks leave a title, a reason keeps its lines", () => {
    const r = ZNotifyInput.parse({ ...base, kind: "fixedPointReturned", params: { claimTitle: "论文\u0000一\r\n二", itemKind: "paper", level: "school", reason: "第一行\r\n第二行\u0000" } });
    expect(r.params).toEqual({ claimTitle: "论文 一 二", itemKind: "paper", level: "school", reason: "第一行\n第二行" });
  });

  it("a huge fact is refused, a long one is cut", () => {
    expect(ZNotifyInput.safeParse({ ...base, kind: "externalRejected", params: { title: "x", reason: "y".repeat(1_000_000) } }).success).toBe(false);
    const r = ZNotifyInput.parse({ ...base, kind: "externalRejected", params: { title: "t".repeat(300), reason: "y" } });
    expect(r.params).toMatchObject({ title: "t".repeat(200) });
  });

  it("each kind takes its own facts only", () => {
    expect(ZNotifyInput.safeParse({ ...base, kind: "fixedPointApproved", params: { claimTitle: "a", itemKind: "paper", level: "county", reason: "x" } }).success).toBe(false);
    expect(ZNotifyInput.safeParse({ ...base, kind: "somethingElse", params: {} }).success).toBe(false);
    expect(ZNotifyInput.safeParse({ ...base, userId: "not-a-uuid", kind: "reportOverdue", params: { projectName: "p", dueOn: "2026-01-01" } }).success).toBe(false);
  });

  it("a stored notice that no longer fits its kind reads as null, not a crash", () => {
    expect(readNoticeParams("reportOverdue", { projectName: "p", dueOn: "2026-01-01" })).toEqual({ kind: "reportOverdue", params: { projectName: "p", dueOn: "2026-01-01" } });
    expect(readNoticeParams("reportOverdue", { projectName: 3 })).toBeNull();
    expect(readNoticeParams("gone", {})).toBeNull();
  });

  it("the page is a positive number; blank is the first", () => {
    expect(ZNotificationsQuery.parse({ page: "" })).toEqual({ page: 1 });
    expect(ZNotificationsQuery.parse({ page: "3" })).toEqual({ page: 3 });
    for (const bad of ["0", "-1", "1e9", "abc", "2\u0000"]) expect(ZNotificationsQuery.safeParse({ page: bad }).success).toBe(false);
  });
});
