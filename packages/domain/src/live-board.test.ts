import { describe, expect, it } from "vitest";
import { docKeyGroup, liveLimits, splitRoundRobin, ZDocKey, ZDocUpdate, ZStrokeAdd } from "./live.ts";

const sessionId = "3f1c7f5e-8a9b-4c2d-9e1f-0a1b2c3d4e5f";
const groupId = "7a1c7f5e-8a9b-4c2d-9e1f-0a1b2c3d4e5f";

describe("whiteboard, documents and breakouts rules", () => {
  it("splits people round-robin so group sizes differ by at most one", () => {
    expect(splitRoundRobin(["a", "b", "c", "d", "e"], 2)).toEqual([["a", "c", "e"], ["b", "d"]]);
    expect(splitRoundRobin(["a"], 3)).toEqual([["a"], [], []]);
  });

  it("a doc key is main or a group's, and names its group", () => {
    expect(ZDocKey.safeParse("main").success).toBe(true);
    expect(ZDocKey.safeParse(`group:${groupId}`).success).toBe(true);
    expect(ZDocKey.safeParse("group:nope").success).toBe(false);
    expect(docKeyGroup(`group:${groupId}`)).toBe(groupId);
    expect(docKeyGroup("main")).toBeNull();
  });

  it("refuses strokes off the page, odd coordinates and too many points; updates that are empty, too large or not binary", () => {
    const stroke = { sessionId, strokeId: groupId, page: 1, color: "#112233", width: 2 };
    expect(ZStrokeAdd.safeParse({ ...stroke, points: [0, 1] }).success).toBe(true);
    expect(ZStrokeAdd.safeParse({ ...stroke, points: [0, 1.5] }).success).toBe(false);
    expect(ZStrokeAdd.safeParse({ ...stroke, points: [0, 0.5, 1] }).success).toBe(false);
    expect(ZStrokeAdd.safeParse({ ...stroke, points: Array.from({ length: liveLimits.strokeMaxPoints * 2 + 2 }, () => 0) }).success).toBe(false);
    expect(ZStrokeAdd.safeParse({ ...stroke, points: [0, 1], color: "red" }).success).toBe(false);
    expect(ZDocUpdate.safeParse({ sessionId, docKey: "main", update: new Uint8Array([1]) }).success).toBe(true);
    expect(ZDocUpdate.safeParse({ sessionId, docKey: "main", update: new Uint8Array(0) }).success).toBe(false);
    expect(ZDocUpdate.safeParse({ sessionId, docKey: "main", update: new Uint8Array(liveLimits.docUpdateBytes + 1) }).success).toBe(false);
    expect(ZDocUpdate.safeParse({ sessionId, docKey: "main", update: [1, 2] }).success).toBe(false);
  });
});
