import { randomUUID } from "node:crypto";
import { format } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signIn } from "@yanxiu/services/auth";
import { enrolAll, seedWorldCourse } from "@yanxiu/services/completion/testing";
import { startNewDraft, submitForReview } from "@yanxiu/services/courses/authoring";
import { allocateQuota, createProject, createQuestionnaire, nominateTeacher, postBrief, publishProject } from "@yanxiu/services/projects";
import { createNationalProject } from "@yanxiu/services/federation";
import { buildTeacher, buildUser, seedOrgUnit, seedTeacher, seedTenant, seedUser } from "@yanxiu/services/factories";
import { seedLiveWorld } from "@yanxiu/services/live/testing";
import { notify } from "@yanxiu/services/notifications";
import { createLoginThrottle } from "@yanxiu/services/redis";
import { testDatabase, testOwnerDatabase, testRedis } from "@yanxiu/services/testing";
import { throttlePolicy } from "@yanxiu/domain/auth";
import { t } from "@yanxiu/ui/i18n";
import { startRemixTestApp } from "./remix-test-app.ts";

/**
 * Requests that must not hurt, sent over real HTTP to the whole web app (every route, built by Vite, behind
 * the real express guards) against real Postgres and Redis: hostile redirect targets, sign-in from two
 * addresses behind a proxy, a NUL byte in every query and form field of every page, and what a refused
 * request leaves in the server's log.
 */
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
let app: Awaited<ReturnType<typeof startRemixTestApp>>;

type Who = "anon" | "admin" | "member" | "host" | "trainer" | "enrolled" | "operator";
const cookies: Partial<Record<Who, string>> = {};
let host = "";
const ids = { nationalProject: "", project: "", nomination: "", questionnaire: "", studio: "", course: "", unit: "", session: "", teacherUser: "", orgUnit: "", reviewCourse: "", units: {} as Record<string, string> };
let owned = { login: "", password: "" };

/** Every line the server writes to the console while `fn` runs (vitest's console is replaced meanwhile). */
const lines: string[] = [];
async function logsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; logged: string[] }> {
  lines.length = 0;
  const result = await fn();
  return { result, logged: [...lines] };
}

beforeAll(async () => {
  for (const m of ["error", "warn", "log", "info", "debug"] as const) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      lines.push(...format(...args).split("\n"));
    });
  }
  app = await startRemixTestApp();

  const w = await seedLiveWorld(owner, db);
  host = `${w.tenant.slug}.localhost`;
  const s = w.tenant.slug.slice(2, 8);
  // seedOrgUnit finds a unit by its code: these are seedLiveWorld's own.
  const province = await seedOrgUnit(owner, w.tenantId, { kind: "province", name: "省", code: `LP${s}` });
  const school = await seedOrgUnit(owner, w.tenantId, { kind: "school", name: "一中", code: `LS${s}` });
  const center = await seedOrgUnit(owner, w.tenantId, { kind: "developmentCenter", name: "教师发展中心", code: `LC${s}` });
  ids.orgUnit = school.id;
  ids.studio = w.studioId;
  ids.session = (await w.newStudioSession()).id;
  ids.teacherUser = (await seedTeacher(owner, w.tenantId, school.id, buildTeacher())).userId;
  const c = await seedWorldCourse(db, { tenantId: w.tenantId, trainerId: w.people.trainer.id, center }, ["video", "document", "quiz", "assignment", "offlineSession", "discussion", "liveSession"]);
  await enrolAll(db, w.tenantId, c, [w.people.enrolled.id]);
  ids.course = c.courseId;
  ids.units = c.units;
  ids.unit = c.units.assignment!;
  // The trainer edits a new draft of it; another course waits for review.
  const trainer = { tenantId: w.tenantId, actorId: w.people.trainer.id, grants: [{ role: "trainer" as const, orgUnitId: center.id, orgPath: center.path }] };
  await startNewDraft({ db, actor: trainer, input: { courseId: c.courseId } });
  ids.reviewCourse = (await seedWorldCourse(db, { tenantId: w.tenantId, trainerId: w.people.trainer.id, center }, ["assignment", "quiz"])).courseId;
  await startNewDraft({ db, actor: trainer, input: { courseId: ids.reviewCourse } });
  await submitForReview({ db, actor: trainer, input: { courseId: ids.reviewCourse } });

  const throttle = createLoginThrottle(redis);
  const signInAs = async (tenantId: string, login: string, password: string) =>
    (await signIn({ db, throttle, tenantId, input: { login, password }, ip: `requests-${randomUUID()}` })).token;
  const admin = buildUser({ roles: [{ role: "provinceAdmin", orgUnitId: province.id }] });
  const adminRow = await seedUser(owner, w.tenantId, admin);
  // A published province project with seats handed to the school, for the project pages.
  const adminActor = { tenantId: w.tenantId, actorId: adminRow.id, grants: [{ role: "provinceAdmin" as const, orgUnitId: province.id, orgPath: province.path }] };
  const made = await createProject({
    db,
    actor: adminActor,
    input: { ownerUnitId: province.id, name: "骨干教师培训", category: "backbone", form: "blended", startsOn: "2026-03-01", endsOn: "2026-06-30", plannedHours: "48", creditCategory: "concentrated", targetRoles: ["teacher"], capacity: "10", enrolmentMode: "nomination" },
  });
  await publishProject({ db, actor: adminActor, input: { projectId: made.projectId } });
  const seat = await allocateQuota({ db, actor: adminActor, input: { projectId: made.projectId, parentAllocationId: made.rootAllocationId, orgUnitId: school.id, seats: 3 } });
  ids.project = made.projectId;
  // One nomination waiting on its review, for the nomination's page.
  ids.nomination = (await nominateTeacher({ db, actor: adminActor, input: { projectId: made.projectId, allocationId: seat.allocationId, nominatingUnitId: school.id, teacherId: ids.teacherUser } })).nominationId;
  // A brief and a draft questionnaire, for the evaluation pages.
  await postBrief({ db, actor: adminActor, input: { projectId: made.projectId, title: "第一期简报", body: "开班。" } });
  ids.questionnaire = (
    await createQuestionnaire({ db, actor: adminActor, input: { projectId: made.projectId, title: "满意度", questions: [{ key: "q1", text: "总体满意度", kind: "scale", required: true }] } })
  ).questionnaireId;
  cookies.admin = await signInAs(w.tenantId, admin.login, admin.password);
  for (const who of ["host", "trainer", "enrolled"] as const) cookies[who] = await signInAs(w.tenantId, w.people[who].login, w.people[who].password);
  cookies.member = await signInAs(w.tenantId, w.people.memberA.login, w.people.memberA.password);
  // An unread notice, so the 消息 page has its open and 全部标为已读 forms.
  await db.withTenant(w.tenantId, (tx) =>
    notify(tx, { tenantId: w.tenantId, notices: [{ kind: "externalRejected", userId: w.people.memberA.id, params: { title: "暑期研修", reason: "证书不清晰" }, link: "/my/credits", dedupeKey: "requests-test" }] }),
  );
  owned = { login: w.people.outsider.login, password: w.people.outsider.password };

  const platform = (await db.findTenant({ kind: "platform" })) ?? (await seedTenant(owner, { slug: "platform", name: "研修平台", code: "00", kind: "platform" }));
  const operator = buildUser({ roles: [{ role: "platformOperator" }] });
  const operatorRow = await seedUser(owner, platform.id, operator);
  cookies.operator = await signInAs(platform.id, operator.login, operator.password);
  // A national project, for its page on the platform host.
  ids.nationalProject = (
    await createNationalProject({
      db,
      actor: { tenantId: platform.id, actorId: operatorRow.id, grants: [{ role: "platformOperator", orgUnitId: null, orgPath: null }] },
      input: { name: "国培示范", category: "backbone", form: "blended", startsOn: "2026-03-01", endsOn: "2026-06-30", plannedHours: "60", creditCategory: "concentrated" },
    })
  ).projectId;
}, 240_000);

afterAll(async () => {
  await app?.close();
  redis.disconnect();
  await db.close();
  await owner.close();
});

const hostOf = (who: Who) => (who === "operator" ? "localhost" : host);
const get = (who: Who, path: string, headers?: Record<string, string>) => app.request({ host: hostOf(who), path, cookie: cookies[who], headers });
const post = (who: Who, path: string, form: Record<string, string>, headers?: Record<string, string>) =>
  app.request({ host: hostOf(who), path, cookie: cookies[who], form, headers });

describe("the redirect after sign-in", () => {
  it("goes to a same-origin path only, and CR/LF in the target is no 500", async () => {
    for (const [target, expected] of [
      ["/%09/evil.localhost", "/"],
      ["/\t/evil.localhost", "/"],
      ["/\\evil.localhost", "/"],
      ["//evil.localhost", "/"],
      ["/%2F%2Fevil.localhost", "/"],
      ["/courses\r\nSet-Cookie: x=1", "/"],
      [`/studios/${ids.studio}?tab=library`, `/studios/${ids.studio}?tab=library`],
    ] as const) {
      const res = await post("anon", "/login", { login: owned.login, password: owned.password, redirectTo: target });
      expect(res.status, target).toBe(302);
      expect(res.headers.location, target).toBe(expected);
      expect(res.headers["set-cookie"]?.[0], target).toMatch(/^yx_session=/);
    }
    // The sign-in page carries only a safe target into its form.
    const page = await get("anon", `/login?redirectTo=${encodeURIComponent("/\t/evil.localhost")}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/name="redirectTo" value="\/"/);
  });
});

describe("sign-in behind a proxy", () => {
  it("an attacker at one address cannot keep the owner, at another, out of the account", async () => {
    const attacker = { "X-Forwarded-For": "203.0.113.7" };
    const statuses = [];
    for (let i = 0; i < throttlePolicy.maxFailuresPerPair + 2; i++) {
      statuses.push((await post("anon", "/login", { login: owned.login, password: `guess-${i}` }, attacker)).status);
    }
    expect(statuses).toEqual([...Array(throttlePolicy.maxFailuresPerPair).fill(401), 429, 429]);
    // The attacker holds off only themselves, even with the right password.
    expect((await post("anon", "/login", owned, attacker)).status).toBe(429);
    const home = await post("anon", "/login", owned, { "X-Forwarded-For": "198.51.100.20" });
    expect(home.status).toBe(302);
    expect(home.headers["set-cookie"]?.[0]).toMatch(/^yx_session=/);
  });
});

/**
 * The pages each kind of person opens, with the query parameters their loaders read that no link or form on
 * the page shows (pagination cursors, filters set by links elsewhere). Every field of every form and link on
 * these pages is found by reading the page itself.
 */
function startPages(): { who: Who; path: string; query?: string[]; status?: number }[] {
  const { studio, course, unit, session, teacherUser, reviewCourse, project, nomination, questionnaire } = ids;
  return [
    { who: "anon", path: "/login", query: ["redirectTo"] },
    { who: "anon", path: "/logout", status: 302 },
    { who: "anon", path: `/verify/${randomUUID().replaceAll("-", "")}`, status: 404 },
    { who: "member", path: "/" },
    { who: "member", path: "/account" },
    { who: "member", path: "/account/password" },
    { who: "member", path: "/courses", query: ["q", "stage", "subject", "categoryId", "minHours", "maxHours", "openNow", "after"] },
    { who: "member", path: `/courses/${course}` },
    { who: "member", path: "/my/courses" },
    { who: "member", path: "/my/credits" },
    { who: "member", path: "/my/credits.xlsx" },
    { who: "member", path: "/my/credits/why" },
    { who: "member", path: "/my/credits/fixed-points", query: ["kind", "edit"] },
    { who: "member", path: "/my/live" },
    { who: "member", path: "/notifications", query: ["page", "done"] },
    { who: "admin", path: "/notifications", query: ["page"] },
    { who: "member", path: "/studios", query: ["q", "subject", "stage", "mine", "after"] },
    { who: "member", path: `/studios/${studio}`, query: ["tab", "after", "thread", "tag", "kind", "cases"] },
    ...["plan", "library", "board", "outputs", "members"].map((tab) => ({ who: "host" as const, path: `/studios/${studio}/${tab}`, query: ["after", "thread", "tag", "kind", "cases"] })),
    { who: "member", path: `/studios/${studio}/library`, query: ["tag", "kind", "cases", "after"] },
    // The address of a tab before it had a route of its own goes on to it (/studios/<id>/library).
    { who: "member", path: `/studios/${studio}?tab=library`, query: ["tag", "kind", "cases", "after"], status: 302 },
    { who: "admin", path: "/studios/new" },
    { who: "admin", path: `/studios/${studio}/edit` },
    { who: "host", path: "/coteaching/new" },
    { who: "host", path: `/live/${session}`, query: ["version"] },
    { who: "host", path: `/live/${session}/coteaching` },
    { who: "host", path: `/live/${session}/attendance.xlsx` },
    { who: "enrolled", path: `/learn/${course}`, status: 302 },
    ...Object.values(ids.units).map((u) => ({ who: "enrolled" as const, path: `/learn/${course}/${u}` })),
    { who: "enrolled", path: `/my/certificates/${randomUUID()}.pdf`, status: 404 },
    { who: "trainer", path: "/trainer/courses", query: ["page"] },
    { who: "trainer", path: "/trainer/courses/new" },
    { who: "trainer", path: `/trainer/courses/${course}` },
    { who: "trainer", path: `/trainer/courses/${course}/preview`, query: ["unit"] },
    { who: "trainer", path: `/teach/${course}`, query: ["after", "orgQ"] },
    { who: "trainer", path: `/teach/${course}/grading`, query: ["after"] },
    { who: "trainer", path: `/teach/${course}/grading.xlsx` },
    { who: "trainer", path: `/teach/${course}/class-list.xlsx` },
    { who: "trainer", path: `/teach/${course}/live` },
    { who: "trainer", path: `/teach/${course}/check-in/${ids.units.offlineSession}` },
    { who: "trainer", path: `/teach/${course}/check-in/${ids.units.offlineSession}/roster.xlsx` },
    { who: "admin", path: "/review" },
    { who: "admin", path: `/review/${reviewCourse}` },
    { who: "admin", path: "/admin", status: 302 },
    { who: "admin", path: "/admin/org", query: ["q", "node"] },
    { who: "admin", path: "/admin/people", query: ["orgUnitId", "stage", "subject", "title", "rural", "q", "after"] },
    { who: "admin", path: `/admin/people/${teacherUser}` },
    { who: "admin", path: "/admin/import" },
    { who: "admin", path: "/admin/import/template" },
    { who: "admin", path: `/admin/import/${randomUUID()}`, status: 404 },
    { who: "admin", path: `/admin/import/${randomUUID()}/report`, status: 404 },
    { who: "admin", path: "/admin/accounts" },
    { who: "admin", path: "/admin/audit", query: ["action", "person", "from", "to", "page", "size"] },
    { who: "admin", path: `/admin/exports/${randomUUID()}`, status: 404 },
    { who: "admin", path: `/admin/exports/${randomUUID()}/file`, status: 404 },
    { who: "admin", path: "/admin/credits", query: ["behind", "after"] },
    { who: "admin", path: `/admin/credits/${teacherUser}` },
    { who: "admin", path: `/admin/credits/${teacherUser}/ledger.xlsx` },
    { who: "admin", path: "/admin/credits/policy" },
    { who: "admin", path: "/admin/credits/scheme", query: ["published", "from", "recomputed", "discarded"] },
    { who: "admin", path: "/admin/credits/scheme/draft" },
    { who: "admin", path: "/admin/credits/scheme/preview", query: ["page", "size"] },
    { who: "admin", path: `/admin/credits/${teacherUser}/why` },
    { who: "admin", path: "/admin/credits/requests", query: ["after"] },
    { who: "admin", path: "/admin/credits/fixed-points", query: ["q", "page"] },
    { who: "admin", path: `/admin/credits/fixed-points/${randomUUID()}`, status: 404 },
    { who: "admin", path: "/admin/credits/import" },
    { who: "admin", path: "/admin/credits/import/template" },
    { who: "admin", path: `/admin/credits/import/${randomUUID()}`, status: 404 },
    { who: "admin", path: `/admin/credits/import/${randomUUID()}/report`, status: 404 },
    { who: "admin", path: "/admin/rollups", query: ["unit"] },
    { who: "admin", path: "/admin/rollups.xlsx", query: ["unit"] },
    { who: "admin", path: "/admin/projects", query: ["q", "state", "page", "size"] },
    { who: "admin", path: `/admin/projects/${project}` },
    { who: "admin", path: "/admin/projects/new" },
    { who: "admin", path: `/admin/projects/${project}/edit` },
    { who: "admin", path: `/admin/projects/${project}/quota` },
    { who: "admin", path: `/admin/projects/${project}/quota.xlsx` },
    { who: "admin", path: `/admin/projects/${project}/nominations`, query: ["q", "state", "awaitingMe", "page", "size"] },
    { who: "admin", path: `/admin/projects/${project}/nominations/new`, query: ["unit", "q", "replacing"] },
    { who: "admin", path: `/admin/projects/${project}/nominations/${nomination}` },
    { who: "admin", path: `/admin/projects/${project}/nominations/${randomUUID()}`, status: 404 },
    { who: "admin", path: `/admin/projects/${randomUUID()}`, status: 404 },
    { who: "admin", path: `/admin/projects/${project}/classes`, query: ["q"] },
    { who: "admin", path: `/admin/projects/${project}/enrolment` },
    { who: "admin", path: `/admin/projects/${randomUUID()}/enrolment`, status: 404 },
    { who: "admin", path: `/admin/projects/${project}/schedule` },
    { who: "admin", path: `/admin/projects/${project}/attendance` },
    { who: "admin", path: `/admin/projects/${project}/attendance.xlsx` },
    { who: "admin", path: `/admin/projects/${project}/credits`, query: ["q", "show", "page", "size"] },
    { who: "admin", path: `/admin/projects/${project}/assessment`, query: ["q", "page", "size"] },
    { who: "admin", path: `/admin/projects/${project}/assessment.xlsx` },
    { who: "admin", path: `/admin/projects/${project}/check-in/${randomUUID()}`, status: 404 },
    { who: "member", path: `/my/projects/${randomUUID()}`, status: 404 },
    { who: "member", path: "/my/projects" },
    { who: "member", path: `/my/projects/${randomUUID()}/apply`, status: 404 },
    { who: "admin", path: `/admin/projects/${project}/briefs`, query: ["edit"] },
    { who: "admin", path: `/admin/projects/${project}/evaluation` },
    { who: "admin", path: `/admin/projects/${project}/evaluation/new` },
    { who: "admin", path: `/admin/projects/${project}/evaluation/${questionnaire}` },
    { who: "admin", path: `/admin/projects/${project}/evaluation/${randomUUID()}`, status: 404 },
    { who: "admin", path: `/admin/projects/${project}/evaluation/${questionnaire}.xlsx` },
    { who: "admin", path: `/my/projects/${project}/evaluation`, query: ["q"] },
    { who: "member", path: `/my/projects/${project}/evaluation`, status: 404 },
    { who: "admin", path: "/admin/dashboard", query: ["unit", "year"] },
    { who: "admin", path: "/admin/dashboard/data", query: ["chart", "unit", "year"], status: 400 },
    { who: "admin", path: "/admin/reports", query: ["page", "size", "unit", "year"] },
    { who: "admin", path: `/admin/reports/${randomUUID()}/pdf`, status: 404 },
    { who: "member", path: "/admin/reports", status: 404 },
    { who: "admin", path: "/admin/projects/federation" },
    { who: "operator", path: "/platform/tenants" },
    { who: "operator", path: "/platform/projects" },
    { who: "operator", path: `/platform/projects/${ids.nationalProject}`, query: ["q", "province", "classCode", "state", "page", "size"] },
    { who: "operator", path: `/platform/projects/${randomUUID()}`, status: 404 },
    { who: "admin", path: `/platform/projects/${ids.nationalProject}`, status: 404 },
    { who: "member", path: "/no/such/page", status: 404 },
    { who: "member", path: "/api/progress", status: 404 },
    // Routes with only an action: a GET is a bad request.
    { who: "member", path: `/learn/${course}/${unit}/post`, status: 400 },
    { who: "member", path: `/learn/${course}/${unit}/submit`, status: 400 },
    { who: "member", path: `/learn/${course}/${ids.units.offlineSession}/check-in`, status: 400 },
  ];
}

const decodeHtml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_m, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'" })[e] ?? _m);
function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)) out[m[1]!.toLowerCase()] = decodeHtml(m[2] ?? "");
  return out;
}
type TField = { name: string; value: string; type: string };
type TForm = { method: string; action: string; multipart: boolean; fields: TField[]; submits: TField[] };

/** The forms and same-origin links with a query string on a rendered page. */
function readPage(html: string, pagePath: string): { forms: TForm[]; links: string[] } {
  const forms: TForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const a = attrs(m[1]!);
    const body = m[2]!;
    const fields: TField[] = [];
    const submits: TField[] = [];
    for (const f of body.matchAll(/<(input|button)\b([^>]*?)\/?>/g)) {
      const fa = attrs(f[2]!);
      if (!fa.name) continue;
      const type = (fa.type ?? (f[1] === "button" ? "submit" : "text")).toLowerCase();
      if (type === "submit") submits.push({ name: fa.name, value: fa.value ?? "", type });
      else if (type !== "file" && type !== "button") fields.push({ name: fa.name, value: fa.value ?? "", type });
    }
    for (const f of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const fa = attrs(f[1]!);
      const first = /<option\b([^>]*)>/.exec(f[2]!);
      if (fa.name) fields.push({ name: fa.name, value: first ? (attrs(first[1]!).value ?? "") : "", type: "select" });
    }
    for (const f of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const fa = attrs(f[1]!);
      if (fa.name) fields.push({ name: fa.name, value: decodeHtml(f[2]!), type: "textarea" });
    }
    forms.push({ method: (a.method ?? "get").toLowerCase(), action: a.action || pagePath, multipart: /multipart/i.test(a.enctype ?? ""), fields, submits });
  }
  const links = [...html.matchAll(/<a\b[^>]*\bhref="(\/[^"]*\?[^"]*)"/g)].map((m) => decodeHtml(m[1]!));
  return { forms, links };
}

/** A request path with one query parameter set to a value with a NUL byte in it. */
function withNul(path: string, key: string): string {
  const u = new URL(path, "http://x");
  u.searchParams.set(key, "a\u0000b");
  return `${u.pathname}${u.search}`;
}

describe("a NUL byte in any query or form field", () => {
  it("is refused with 400 on every page and action, never a 500", { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    const refused: string[] = [];
    const notRefused: string[] = [];
    const requested: string[] = [];
    const check = (label: string, path: string, res: { status: number; body: string }, withNulByte = true) => {
      requested.push(new URL(path, "http://x").pathname);
      if (res.status >= 500) failures.push(`${res.status} ${label}`);
      if (res.status === 400) refused.push(label);
      else if (withNulByte) notRefused.push(`${res.status} ${label}`);
    };
    const pages = startPages();
    const found: { who: Who; page: string; forms: TForm[]; links: string[] }[] = [];
    const unexpected: string[] = [];
    for (const p of pages) {
      const res = await get(p.who, p.path);
      check(`GET ${p.path}`, p.path, res, false);
      if (res.status !== (p.status ?? 200)) unexpected.push(`${p.who} ${p.path}: ${res.status}`);
      found.push({ who: p.who, page: p.path, ...(res.headers["content-type"]?.includes("html") ? readPage(res.body, new URL(p.path, "http://x").pathname) : { forms: [], links: [] }) });
    }
    // The pages open as they should for their person, or the sweep below would find no forms on them.
    expect(unexpected).toEqual([]);

    const seen = new Set<string>();
    const once = (key: string) => !seen.has(key) && !!seen.add(key);
    // Requests that differ only in an id or a cursor are the same request.
    const shape = (path: string, without?: string) => {
      const u = new URL(path, "http://x");
      const rest = [...u.searchParams].filter(([k]) => k !== without && k !== "after" && k !== "before").map(([k, v]) => `${k}=${v}`);
      return `${u.pathname}?${rest.sort().join("&")}`.replace(/[0-9a-f-]{32,36}/g, ":id");
    };
    // Query parameters: those the loaders read, those of every link and every GET form, and each id in the path.
    for (const [i, p] of pages.entries()) {
      const keys = new Set(p.query ?? []);
      for (const href of found[i]!.links) for (const k of new URL(href, "http://x").searchParams.keys()) if (once(`${shape(href, k)}#${k}`)) check(`GET ${href} ${k}=NUL`, href, await get(p.who, withNul(href, k)));
      for (const f of found[i]!.forms.filter((f) => f.method === "get")) {
        const base = `${new URL(f.action, "http://x").pathname}?${new URLSearchParams(f.fields.map((x) => [x.name, x.value]))}`;
        for (const fld of f.fields) if (once(`${shape(base, fld.name)}#${fld.name}`)) check(`GET ${base} ${fld.name}=NUL`, base, await get(p.who, withNul(base, fld.name)));
      }
      for (const k of keys) if (once(`${shape(p.path, k)}#${k}`)) check(`GET ${p.path} ${k}=NUL`, p.path, await get(p.who, withNul(p.path, k)));
      const segments = new URL(p.path, "http://x").pathname.split("/");
      for (const [j, seg] of segments.entries()) {
        if (!/^[0-9a-f-]{32,36}$/.test(seg)) continue;
        const path = [...segments.slice(0, j), "a%00b", ...segments.slice(j + 1)].join("/");
        if (once(`${shape(p.path)}@${j}`)) check(`GET ${path}`, path, await get(p.who, path));
      }
    }
    // Form fields: every field of every POST form, one at a time, with each of the form's submit buttons.
    for (const [i, p] of pages.entries()) {
      // Signing out would end the session the rest of the sweep uses.
      for (const f of found[i]!.forms.filter((f) => f.method === "post" && !f.action.startsWith("/logout"))) {
        for (const submit of f.submits.length ? f.submits : [null]) {
          const fields = submit ? [...f.fields, submit] : f.fields;
          const intent = submit?.value ?? f.fields.find((x) => x.name === "intent")?.value ?? "-";
          const names = fields.map((x) => x.name).sort().join(",");
          for (const fld of fields) {
            if (!once(`POST ${shape(f.action)} [${intent}] ${names} ${fld.name}`)) continue;
            const form = fields.map((x): [string, string] => [x.name, x === fld ? `a\u0000b${x.value}` : x.value]);
            check(`POST ${f.action} [${intent}] ${fld.name}=NUL`, f.action, await app.request({ host: hostOf(p.who), path: f.action, cookie: cookies[p.who], form, multipart: f.multipart }));
          }
        }
      }
    }
    // A roster upload whose file name has a NUL in it.
    const boundary = "----yxnul";
    const upload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="名册\u0000.csv"\r\nContent-Type: text/csv\r\n\r\n教师编号,姓名\r\n--${boundary}--\r\n`;
    check("POST /admin/import file name=NUL", "/admin/import", await app.request({ host, path: "/admin/import", cookie: cookies.admin, body: upload, headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` } }));
    // The JSON API the player posts to.
    check("POST /api/progress JSON", "/api/progress", await app.request({ host, path: "/api/progress", method: "POST", cookie: cookies.enrolled, json: { unitId: "a\u0000b", courseId: ids.course, position: 1 } }));

    expect(failures).toEqual([]);
    // Refused where the request is read, before any route or service could use the value.
    expect(notRefused).toEqual([]);
    // The cases the issue names are among them, and refused.
    for (const named of [/^GET \/courses(\?\S*)? q=NUL/, /^GET \/studios(\?\S*)? q=NUL/, /^GET \/admin\/people(\?\S*)? q=NUL/, /^POST \/admin\/org\S* \[rename\] name=NUL/, /^GET \/studios\/[^ ?]+\?\S*tab=library\S* tag=NUL/]) {
      expect(refused.some((l) => named.test(l)), String(named)).toBe(true);
    }
    // Every route with a loader or an action was reached.
    const missing = Object.values(app.build.routes)
      .filter((r) => r.module.loader || r.module.action)
      .filter((r) => r.id !== "root" && !r.id.endsWith("$"))
      .filter((r) => !requested.some((path) => routePattern(r.id).test(path)))
      .map((r) => r.id);
    expect(missing).toEqual([]);
  });
});

/** The URL pattern of a route module, from its file name (Remix's flat routes convention). */
function routePattern(id: string): RegExp {
  const name = id.replace(/^routes\//, "");
  const segments = name
    .replace(/\[\.([a-z]+)\]/g, "~dot~$1")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/_$/, "").replace(/^_/, ""))
    .filter(Boolean);
  const re = segments.map((s) => (s.startsWith("$") ? "[^/]+" : s.replace(/~dot~/g, "\\.").replace(/[-]/g, "\\-")).replace(/\$[A-Za-z]+/g, "[^/]+")).join("/");
  return new RegExp(`^/${re}/?$`);
}

describe("what a refused request leaves in the log", () => {
  it("one line, no stack trace, for 401/403/404 answers, ?_data requests included", async () => {
    const cases: [string, () => ReturnType<typeof get>, number][] = [
      ["an anonymous ?_data request for an admin page", () => get("anon", "/admin/people?_data=routes%2Fadmin.people._index"), 204],
      ["a teacher's ?_data request for an admin page", () => get("member", "/admin/people?_data=routes%2Fadmin.people._index"), 404],
      ["a ?_data request naming a route the URL does not match", () => get("member", "/courses?_data=routes%2Fadmin.org"), 403],
      ["a teacher opening an admin page", () => get("member", "/admin/people"), 404],
      ["a missing download", () => get("admin", `/admin/exports/${randomUUID()}/file`), 404],
      ["a page nobody has", () => get("member", "/no/such/page"), 404],
      ["a form from another origin", () => post("member", "/logout", {}, { Origin: "http://evil.localhost" }), 403],
    ];
    for (const [name, send, status] of cases) {
      const { result, logged } = await logsDuring(send);
      expect(result.status, name).toBe(status);
      expect(logged, name).toHaveLength(1);
      expect(logged[0], name).toContain(String(status));
      expect(logged.join("\n"), name).not.toMatch(/^\s+at /m);
    }
  });
});

describe("a 404 from a resource route", () => {
  it("answers 404 with the error's code and its Chinese message", async () => {
    for (const path of [`/admin/exports/${randomUUID()}/file`, `/admin/import/${randomUUID()}/report`, `/my/certificates/${randomUUID()}.pdf`]) {
      const res = await get(path.startsWith("/my") ? "enrolled" : "admin", path);
      expect(res.status, path).toBe(404);
      expect(res.headers["content-type"], path).toMatch(/^application\/json/);
      expect(JSON.parse(res.body), path).toEqual({ code: "notFound", message: t("error.notFound") });
    }
  });

  it("the page for the same refusal is still the Chinese 404 page", async () => {
    const res = await get("member", "/admin/people");
    expect(res.status).toBe(404);
    expect(res.body).toContain(t("error.notFound"));
  });
});
