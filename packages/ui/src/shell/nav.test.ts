import { describe, expect, it } from "vitest";
import { activeNavItem, bottomBarItems, navFor } from "./nav.ts";

const hrefs = (roles: Parameters<typeof navFor>[0]) => navFor(roles).flatMap((g) => g.items.map((i) => i.href));

describe("the navigation by role", () => {
  it("gives a teacher their learning pages and the studios, and no admin page", () => {
    expect(hrefs(["teacher"])).toEqual(["/", "/my/courses", "/courses", "/my/credits", "/my/live", "/studios"]);
  });

  it("gives a province admin the admin pages, review and authoring, each once", () => {
    const h = hrefs(["provinceAdmin", "teacher"]);
    expect(h).toContain("/admin/people");
    expect(h).toContain("/admin/audit");
    expect(h).toContain("/admin/credits");
    expect(h).toContain("/admin/projects");
    expect(h).toContain("/review");
    expect(new Set(h).size).toBe(h.length);
  });

  it("gives the platform operator the console and the queues, and nothing of a province", () => {
    expect(hrefs(["platformOperator"])).toEqual(["/", "/platform/tenants", "/platform/projects", "/platform/queues"]);
  });

  it("marks the page's own item active, by the longest matching path", () => {
    const nav = navFor(["provinceAdmin"]);
    expect(activeNavItem(nav, "/admin/credits/abc")?.href).toBe("/admin/credits");
    expect(activeNavItem(nav, "/")?.href).toBe("/");
    expect(activeNavItem(nav, "/admin/credit")).toBeNull();
    expect(activeNavItem(nav, "/verify/x")).toBeNull();
  });

  it("puts pages reached from an item under it: the player under 我的课程, a live room under 我的直播, a class under 我发布的课程", () => {
    const teacher = navFor(["teacher"]);
    expect(activeNavItem(teacher, "/learn/c1/u1")?.href).toBe("/my/courses");
    expect(activeNavItem(teacher, "/live/s1")?.href).toBe("/my/live");
    expect(activeNavItem(teacher, "/learning")).toBeNull();
    const trainer = navFor(["trainer"]);
    expect(activeNavItem(trainer, "/teach/c1/grading")?.href).toBe("/trainer/courses");
    expect(activeNavItem(trainer, "/trainer/courses/c1/preview")?.href).toBe("/trainer/courses");
    expect(activeNavItem(navFor(["provinceAdmin"]), "/admin/rollups")?.href).toBe("/admin/credits");
  });

  it("puts four pages on the phone's bottom bar and the rest behind 更多", () => {
    expect(bottomBarItems(navFor(["teacher"]))).toMatchObject({ bar: [{ href: "/" }, { href: "/my/courses" }, { href: "/courses" }, { href: "/my/credits" }], more: true });
    expect(bottomBarItems(navFor(["reviewer"]))).toMatchObject({ bar: [{ href: "/" }, { href: "/review" }], more: false });
  });
});

describe("the order of the menu", () => {
  it("puts an administrator's 管理 pages first, before what their teacher role adds", () => {
    const nav = navFor(["teacher", "provinceAdmin"]);
    expect(nav.map((g) => g.key)).toEqual(["home", "manage", "teach", "studio", "learn"]);
    expect(bottomBarItems(nav).bar.map((i) => i.href)).toEqual(["/", "/admin/org", "/admin/people", "/admin/import"]);
  });

  it("puts a master teacher's studio before their learning", () => {
    expect(navFor(["masterTeacher"]).map((g) => g.key)).toEqual(["home", "studio", "learn"]);
  });
});
