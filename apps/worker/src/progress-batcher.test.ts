import { describe, expect, it } from "vitest";
import { takeBatch } from "./progress-batcher.ts";

const key = (x: { e: string }) => x.e;

describe("takeBatch: a batch of events whose enrolments no batch in flight holds", () => {
  it("takes up to max in order and leaves the rest in order", () => {
    const list = ["a", "b", "c", "d"].map((e, i) => ({ e, i }));
    expect(takeBatch(list, 3, new Set(), key).map((x) => x.i)).toEqual([0, 1, 2]);
    expect(list.map((x) => x.i)).toEqual([3]);
  });

  it("skips enrolments in flight, keeping them waiting in their order", () => {
    const list = [
      { e: "a", i: 0 },
      { e: "b", i: 1 },
      { e: "a", i: 2 },
      { e: "c", i: 3 },
      { e: "b", i: 4 },
    ];
    expect(takeBatch(list, 10, new Set(["a"]), key).map((x) => x.i)).toEqual([1, 3, 4]);
    expect(list.map((x) => x.i)).toEqual([0, 2]);
  });

  it("takes nothing when every waiting event's enrolment is in flight", () => {
    const list = [{ e: "a" }, { e: "a" }];
    expect(takeBatch(list, 10, new Set(["a"]), key)).toEqual([]);
    expect(list).toHaveLength(2);
  });
});
