import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { signIn, test, urlFor, waitForHydration } from "./support.ts";

/**
 * Every page each role reaches, at a desktop and a phone size: it loads, draws the navigation, does not scroll
 * sideways, logs no console error, and has no serious or critical accessibility violation (axe, WCAG 2.1 A/AA).
 * A screenshot of each is kept with the test's results. Pages behind an id are found the way a person finds
 * them: by following the first matching link on the page that lists them.
 */

/** A page by its path, or by the first link matching `link` on the page `from` (a path, or "@label" of a page found before). */
type TPage = { path: string } | { from: string; link: RegExp; label: string };
/** `enrol`: before the pages, enrol in the first course of the catalogue (if not yet), so the player can be reached. */
type TRolePages = { slug: string; login: string; enrol?: boolean; pages: TPage[] };

const uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const via = (from: string, pattern: string, label: string): TPage => ({ from, link: new RegExp(`^${pattern.replaceAll("ID", uuid)}$`), label });

const roles: Record<string, TRolePages> = {
  teacher: {
    slug: "hunan",
    login: "hn_teacher1",
    enrol: true,
    pages: [
      { path: "/" },
      { path: "/my/courses" },
      { path: "/courses" },
      via("/courses", "/courses/ID", "course"),
      via("/my/courses", "/learn/ID(/ID)?", "course player"),
      { path: "/my/credits" },
      { path: "/my/credits/why" },
      { path: "/my/credits/fixed-points" },
      { path: "/my/credits/fixed-points?kind=paper" },
      { path: "/notifications" },
      { path: "/my/projects" },
      via("/my/projects", "/my/projects/ID/apply", "apply"),
      { path: "/my/live" },
      { path: "/studios" },
      via("/studios", "/studios/ID", "studio"),
      { path: "/account" },
      { path: "/account/password" },
    ],
  },
  masterTeacher: {
    slug: "hunan",
    login: "hn_mingshi",
    pages: [
      { path: "/" },
      { path: "/studios" },
      via("/studios", "/studios/ID", "studio"),
      ...["plan", "library", "board", "outputs", "members"].map((tab) => via("@studio", `/studios/ID/${tab}`, `studio ${tab}`)),
      via("@studio", "/studios/ID/edit", "studio editor"),
      { path: "/coteaching/new" },
      { path: "/my/live" },
    ],
  },
  trainer: {
    slug: "hunan",
    login: "hn_trainer",
    pages: [
      { path: "/" },
      { path: "/trainer/courses" },
      { path: "/trainer/courses/new" },
      via("/trainer/courses", "/trainer/courses/ID", "course editor"),
      via("@course editor", "/trainer/courses/ID/preview", "course preview"),
      via("@course editor", "/teach/ID", "class"),
      { path: "/coteaching/new" },
    ],
  },
  reviewer: { slug: "hunan", login: "hn_reviewer", pages: [{ path: "/" }, { path: "/review" }] },
  provinceAdmin: {
    slug: "hunan",
    login: "hn_admin",
    pages: [
      { path: "/" },
      { path: "/admin/org" },
      { path: "/admin/people" },
      via("/admin/people", "/admin/people/ID", "person"),
      { path: "/admin/import" },
      { path: "/admin/accounts" },
      { path: "/admin/audit" },
      { path: "/admin/credits" },
      via("/admin/credits", "/admin/credits/ID", "teacher's credits"),
      { path: "/admin/credits/policy" },
      { path: "/admin/credits/scheme" },
      { path: "/admin/credits/scheme/draft" },
      { path: "/admin/credits/scheme/preview" },
      { path: "/admin/credits/requests" },
      { path: "/admin/credits/fixed-points" },
      { path: "/admin/credits/import" },
      { path: "/admin/rollups" },
      { path: "/admin/projects" },
      { path: "/admin/projects/new" },
      // The demo project by name: other specs add national projects (newest first) whose nominations the county does not see.
      via(`/admin/projects?q=${encodeURIComponent("2026年初中语文骨干教师培训")}`, "/admin/projects/ID", "project"),
      { path: "/admin/dashboard" },
      { path: "/admin/reports" },
      { path: "/admin/projects/federation" },
      via("@project", "/admin/projects/ID/edit", "project editor"),
      via("@project", "/admin/projects/ID/quota", "quota"),
      via("@project", "/admin/projects/ID/nominations", "nominations"),
      via("@project", "/admin/projects/ID/classes", "classes"),
      via(`/admin/projects?q=${encodeURIComponent("2026年中小学教师学科专题研修（两轮报名）")}`, "/admin/projects/ID", "two-round project"),
      via("@two-round project", "/admin/projects/ID/enrolment", "enrolment rounds"),
      via("@project", "/admin/projects/ID/schedule", "schedule"),
      via("@project", "/admin/projects/ID/attendance", "attendance"),
      via("@project", "/admin/projects/ID/assessment", "assessment"),
      via("@project", "/admin/projects/ID/credits", "credits"),
      via("@nominations", "/admin/projects/ID/nominations/new", "nominate"),
      via("@nominations", "/admin/projects/ID/nominations/ID", "nomination"),
      via("@project", "/admin/projects/ID/briefs", "briefs"),
      via("@project", "/admin/projects/ID/evaluation", "evaluation"),
      via("@evaluation", "/admin/projects/ID/evaluation/new", "new questionnaire"),
      { path: "/review" },
      { path: "/studios/new" },
    ],
  },
  countyAdmin: {
    slug: "hunan",
    login: "hn_county",
    pages: [
      { path: "/" },
      { path: "/admin/org" },
      { path: "/admin/people" },
      { path: "/admin/projects" },
      { path: "/admin/dashboard" },
      { path: "/admin/reports" },
      { path: "/notifications" },
      // The seeded 定额项目 claim of hn_teacher1 waits at the county.
      { path: "/admin/credits/fixed-points" },
      via("/admin/credits/fixed-points", "/admin/credits/fixed-points/ID", "fixed-point claim"),
      // The demo project by name: other specs add national projects (newest first) whose nominations the county does not see.
      via(`/admin/projects?q=${encodeURIComponent("2026年初中语文骨干教师培训")}`, "/admin/projects/ID", "project"),
      via("@project", "/admin/projects/ID/quota", "quota"),
      via("@project", "/admin/projects/ID/nominations", "nominations"),
      via("@nominations", "/admin/projects/ID/nominations/new", "nominate"),
      via("@nominations", "/admin/projects/ID/nominations/ID", "nomination"),
      via("@project", "/admin/projects/ID/briefs", "briefs"),
      via("@project", "/admin/projects/ID/evaluation", "evaluation"),
      { path: "/studios" },
    ],
  },
  platformOperator: { slug: "", login: "operator", pages: [{ path: "/" }, { path: "/platform/tenants" }, { path: "/platform/projects" }] },
};

const viewports = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;

async function resolvePath(page: Page, slug: string, p: TPage, found: Map<string, string>): Promise<string> {
  if ("path" in p) return p.path;
  const from = p.from.startsWith("@") ? found.get(p.from.slice(1)) : p.from;
  expect(from, `the page ${p.from} is found before ${p.label}`).toBeTruthy();
  await page.goto(urlFor(slug || null, from!));
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => p.link.test(h));
  expect(href, `a link to a ${p.label} on ${from}`).toBeTruthy();
  found.set(p.label, href!);
  return href!;
}

async function enrolInFirstCourse(page: Page, slug: string) {
  await page.goto(urlFor(slug, await resolvePath(page, slug, via("/courses", "/courses/ID", "course"), new Map())));
  await waitForHydration(page);
  const enrol = page.getByRole("button", { name: "报名学习" });
  if (await enrol.isVisible()) {
    await enrol.click();
    await expect(page).toHaveURL(/\/learn\//);
  }
}

for (const [role, def] of Object.entries(roles)) {
  for (const [size, viewport] of Object.entries(viewports)) {
    test(`every page of the ${role} works at ${size} size (${viewport.width}×${viewport.height})`, async ({ browser }, testInfo) => {
      test.setTimeout(30_000 + def.pages.length * 15_000);
      const ctx = await browser.newContext({ viewport, locale: "zh-CN" });
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(String(e)));
      try {
        await signIn(page, def.slug, def.login);
        await expect(page.getByTestId("signed-in-as")).toBeVisible();
        if (def.enrol) await enrolInFirstCourse(page, def.slug);
        const found = new Map<string, string>();
        for (const p of def.pages) {
          const path = await resolvePath(page, def.slug, p, found);
          errors.length = 0;
          const res = await page.goto(urlFor(def.slug || null, path));
          expect.soft(res?.status(), `${path} answers`).toBeLessThan(400);
          await waitForHydration(page);
          const nav = size === "desktop" ? page.getByRole("navigation", { name: "主导航" }) : page.getByRole("navigation", { name: "快捷导航" });
          await expect.soft(nav, `${path}: the navigation is visible`).toBeVisible();
          const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
          expect.soft(scrollWidth, `${path}: no sideways scroll (scrollWidth ${scrollWidth} vs ${innerWidth})`).toBeLessThanOrEqual(innerWidth);
          const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
          const bad = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
          expect.soft(bad, `${path}: serious or critical accessibility violations`).toEqual([]);
          expect.soft(errors, `${path}: console errors`).toEqual([]);
          await page.screenshot({ path: testInfo.outputPath(`${role}-${size}${path.replace(/[^a-z0-9]+/gi, "_")}.png`) });
        }
      } finally {
        await ctx.close();
      }
    });
  }
}

test("a page that does not exist is a 404 inside the frame, with a way home", async ({ page }) => {
  await signIn(page, "hunan", "hn_teacher1");
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  const res = await page.goto(urlFor("hunan", "/no-such-page"));
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
  await expect(page.getByText("页面不存在")).toBeVisible();
  await page.getByRole("link", { name: "返回首页" }).click();
  await expect(page).toHaveURL(urlFor("hunan", "/"));
});
