import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ZCycleStatusQuery } from "./credits.ts";
import { listPageShape, listPagingShape, pageOffset } from "./list-page.ts";
import { ZTeacherPageQuery } from "./org.ts";

describe("a list's page, size and sort in the URL", () => {
  const Z = z.object(listPageShape({ sorts: ["name", "school"], sort: "name", size: 50 })).strict();

  it("defaults what is missing or blank", () => {
    expect(Z.parse({})).toEqual({ page: 1, size: 50, sort: "name", dir: "asc" });
    expect(Z.parse({ page: "", size: "", sort: "", dir: "" })).toEqual({ page: 1, size: 50, sort: "name", dir: "asc" });
    expect(Z.parse({ page: "3", size: "20", sort: "school", dir: "desc" })).toEqual({ page: 3, size: 20, sort: "school", dir: "desc" });
  });

  it("refuses a page out of 1–1000, a size not offered, an unknown column or direction", () => {
    for (const bad of [{ page: "0" }, { page: "1001" }, { page: "2.5" }, { page: "x" }, { size: "30" }, { size: "1000" }, { sort: "phone" }, { dir: "up" }]) {
      expect(Z.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("a list without sorting has page and size only; the offset skips whole pages", () => {
    expect(z.object(listPagingShape({ sizes: [12, 24], size: 12 })).parse({ page: "2" })).toEqual({ page: 2, size: 12 });
    expect(pageOffset({ page: 3, size: 20 })).toBe(40);
  });

  it("the people and cycle-status queries take their own columns only", () => {
    expect(ZTeacherPageQuery.parse({ sort: "teacherNo", rural: "yes" })).toMatchObject({ sort: "teacherNo", size: 50, rural: "yes" });
    expect(ZTeacherPageQuery.safeParse({ sort: "cycleHours" }).success).toBe(false);
    expect(ZTeacherPageQuery.safeParse({ after: "x" }).success).toBe(false);
    expect(ZCycleStatusQuery.parse({ sort: "cycleHours", dir: "desc", behind: "1" })).toMatchObject({ sort: "cycleHours", dir: "desc", behind: true });
    expect(ZCycleStatusQuery.safeParse({ sort: "teacherNo" }).success).toBe(false);
  });
});
