import { describe, expect, it } from "vitest";
import { applyTextEdit, textEdit } from "./text-edit.ts";

const roundTrip = (before: string, after: string, caret?: number) => {
  const e = textEdit(before, after, caret);
  expect(e).not.toBeNull();
  expect(applyTextEdit(before, e!)).toBe(after);
  return e;
};

describe("the edit a text box made", () => {
  it("no change is no edit", () => {
    expect(textEdit("教案", "教案", 1)).toBeNull();
  });
  it("typing in the middle of a repeated character is placed at the caret, not at the first match", () => {
    // "aa" → "aaa" with the caret after the third character: the insert happened at 2.
    expect(roundTrip("aa", "aaa", 3)).toEqual({ index: 2, remove: 0, insert: "a" });
    expect(roundTrip("aa", "aaa", 1)).toEqual({ index: 0, remove: 0, insert: "a" });
    expect(roundTrip("一一", "一一一", 2)).toEqual({ index: 1, remove: 0, insert: "一" });
  });
  it("backspace and delete remove exactly what was removed", () => {
    expect(roundTrip("教学目标", "教目标", 1)).toEqual({ index: 1, remove: 1, insert: "" });
    expect(roundTrip("xxx", "xx", 0)).toEqual({ index: 0, remove: 1, insert: "" });
  });
  it("pasting over a selection replaces it", () => {
    expect(roundTrip("朗读教学重点", "朗读指导重点", 4)).toEqual({ index: 2, remove: 2, insert: "指导" });
  });
  it("an IME commit, a clear and a fill are one edit each", () => {
    roundTrip("第一课", "第一课时安排", 6);
    roundTrip("全部内容", "", 0);
    roundTrip("", "新的教案", 4);
  });
  it("does not split a surrogate pair", () => {
    const e = roundTrip("a😀b", "a😁b", 3);
    expect(e).toEqual({ index: 1, remove: 2, insert: "😁" });
  });
  it("a caret out of range is clamped", () => {
    roundTrip("abc", "abXc", 99);
    roundTrip("abc", "abXc", -5);
  });
});
