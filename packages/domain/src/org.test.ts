import { describe, expect, it } from "vitest";
import { canContain, decodeCursor, encodeCursor, ZCreateOrgUnitInput } from "./org.ts";

describe("org tree rules", () => {
  it("follows 省 → 市 → 区县 → 学校", () => {
    expect(canContain("province", "city")).toBe(true);
    expect(canContain("city", "county")).toBe(true);
    expect(canContain("county", "school")).toBe(true);
    expect(canContain("province", "school")).toBe(false);
    expect(canContain("school", "school")).toBe(false);
    expect(canContain("county", "city")).toBe(false);
  });
  it("rejects bad unit codes and blank names with field reasons", () => {
    const r = ZCreateOrgUnitInput.safeParse({ parentId: "00000000-0000-4000-8000-000000000000", kind: "school", name: " ", code: "a b" });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => `${String(i.path[0])}:${i.message}`);
    expect(paths).toEqual(expect.arrayContaining(["name:required", "code:code"]));
  });
  it("cursors round-trip, and a forged one is ignored", () => {
    const id = "00000000-0000-4000-8000-000000000001";
    expect(decodeCursor(encodeCursor("王芳", id))).toEqual({ name: "王芳", id });
    expect(decodeCursor("%E0%A4%A")).toBeNull();
    expect(decodeCursor("abc")).toBeNull();
    expect(decodeCursor(undefined)).toBeNull();
  });
});
