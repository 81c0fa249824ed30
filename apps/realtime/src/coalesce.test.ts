import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCoalescer } from "./coalesce.ts";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("createCoalescer", () => {
  it("runs the first call at once, folds a burst into one trailing run, and keys apart", async () => {
    const c = createCoalescer(1000, () => {});
    const runs: string[] = [];
    const fn = (k: string) => async () => void runs.push(k);
    c.schedule("湖南", fn("湖南"));
    for (let i = 0; i < 1000; i++) c.schedule("湖南", fn("湖南"));
    c.schedule("四川", fn("四川"));
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(["湖南", "四川"]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual(["湖南", "四川", "湖南"]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toEqual(["湖南", "四川", "湖南"]);
    expect(c.size()).toBe(0);
    // Quiet again: the next call runs at once.
    c.schedule("湖南", fn("湖南"));
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(4);
  });

  it("a failing run is reported and does not stop the next", async () => {
    const errors: string[] = [];
    const c = createCoalescer(100, (k, e) => errors.push(`${k}:${e.message}`));
    let n = 0;
    const fn = async () => {
      n++;
      if (n === 1) throw new Error("redis away");
    };
    c.schedule("k", fn);
    c.schedule("k", fn);
    await vi.advanceTimersByTimeAsync(150);
    expect(errors).toEqual(["k:redis away"]);
    expect(n).toBe(2);
    c.close();
  });

  it("closing while a run is in flight (the server stopping): its trailing timer does nothing and nothing throws", async () => {
    const c = createCoalescer(100, () => {});
    let release!: () => void;
    let runs = 0;
    c.schedule("k", () => new Promise<void>((r) => ((release = r), runs++)));
    c.schedule("k", async () => void runs++);
    c.close();
    release();
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toBe(1);
    expect(c.size()).toBe(0);
  });

  it("the window can depend on the key (a bigger province's is longer)", async () => {
    const c = createCoalescer((k) => (k === "big" ? 1000 : 100), () => {});
    const runs: string[] = [];
    for (const k of ["big", "small", "big", "small"]) c.schedule(k, async () => void runs.push(k));
    await vi.advanceTimersByTimeAsync(150);
    expect(runs).toEqual(["big", "small", "small"]);
    await vi.advanceTimersByTimeAsync(900);
    expect(runs).toEqual(["big", "small", "small", "big"]);
    c.close();
  });
});
