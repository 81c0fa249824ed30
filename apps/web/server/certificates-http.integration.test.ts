import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { Queue, UnrecoverableError, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "@yanxiu/services/auth";
import { renderCertificate } from "@yanxiu/services/certificates";
import { createFileStore } from "@yanxiu/services/files";
import { buildTeacher, buildTenant, buildUser, seedOrgUnit, seedTeacher, seedTenant, seedUser, type TBuildUser } from "@yanxiu/services/factories";
import { createLoginThrottle } from "@yanxiu/services/redis";
import { certificate, creditAward } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { sessionPolicy } from "@yanxiu/domain/auth";
import { queues } from "@yanxiu/domain/jobs";
import type { TGrant } from "@yanxiu/domain/permissions";
import { t } from "@yanxiu/ui/i18n";
import type { WebLoadContext } from "../app/load-context.ts";
import { loader as pdfLoader } from "../app/routes/my.certificates.$id[.pdf].ts";
import { loader as verifyLoader } from "../app/routes/verify.$code.tsx";
import { createWebApp } from "./app.ts";
import { createWebServices } from "./services.ts";

/**
 * The public verification page and the PDF download (their loaders against real Postgres and files), and
 * the operator's queue console over real HTTP through the real app (tenant from Host, session cookie,
 * Origin check); Remix itself is not built here, so any request reaching it fails the test.
 */
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-cert-http-"));
const files = createFileStore(dir);
const prefix = `board-${randomUUID().slice(0, 8)}`;
const certificates = createWebServices({ db, files, producer: undefined as never, redis, checkInSecret: "x".repeat(32), throttle: undefined as never, platformDb: undefined as never }).certificates;

let server: Server;
let closeApp: () => Promise<void>;
let port = 0;
let province: { id: string; slug: string; name: string };
let teacher: { userId: string; grants: TGrant[] };
let otherTeacher: { userId: string; grants: TGrant[] };
let issued: { id: string; verifyCode: string; number: string };
let pending: { id: string };
const cookies = { operator: "", platformStaff: "", provinceAdmin: "" };

async function seedCertificate(tenantId: string, teacherId: string, title: string) {
  return db.withTenant(tenantId, async (tx) => {
    const [award] = await tx
      .insert(creditAward)
      .values({ tenantId, teacherId, source: "courseCompletion", sourceRef: randomUUID(), title, hours: "8.0", category: "online", organiserLevel: "provincial", countsFor: "2026-04-01" })
      .returning();
    const [cert] = await tx
      .insert(certificate)
      .values({ tenantId, awardId: award!.id, teacherId, number: `YX-${randomUUID().slice(0, 8)}`, verifyCode: randomUUID().replaceAll("-", "") })
      .returning();
    return cert!;
  });
}

const ctxFor = (u: { userId: string; grants: TGrant[] } | null): WebLoadContext =>
  ({
    services: { certificates },
    tenant: { ...province, kind: "province", status: "active" },
    user: u ? { id: u.userId, grants: u.grants, roles: u.grants.map((g) => g.role) } : null,
    clientIp: "127.0.0.1",
  }) as unknown as WebLoadContext;

/** Runs a loader the way Remix does: a thrown Response is the answer too. */
async function call(loader: (args: never) => Promise<unknown>, args: { url: string; ctx: WebLoadContext; params: Record<string, string> }) {
  try {
    return await loader({ request: new Request(args.url), context: args.ctx, params: args.params } as never);
  } catch (e) {
    return e;
  }
}
const statusOf = (r: unknown) => (r instanceof Response ? r.status : ((r as { init?: { status?: number } })?.init?.status ?? 200));

/** node:http, because fetch does not let a test choose the Host header. */
function request(opts: { method?: string; path: string; host: string; cookie?: string; origin?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `${opts.host}:${port}` };
    if (opts.cookie) headers.Cookie = `${sessionPolicy.cookieName}=${opts.cookie}`;
    if (opts.origin) headers.Origin = opts.origin;
    if (opts.method === "PUT") headers["Content-Length"] = "0";
    const req = http.request({ host: "127.0.0.1", port, method: opts.method ?? "GET", path: opts.path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  const t = await seedTenant(owner, buildTenant());
  province = { id: t.id, slug: t.slug, name: t.name };
  const s = t.slug.slice(2, 8);
  const p = await seedOrgUnit(owner, t.id, { kind: "province", name: "省", code: `HP${s}` });
  const school = await seedOrgUnit(owner, t.id, { kind: "school", name: "一中", code: `HS${s}`, parentId: p.id });
  const grants: TGrant[] = [{ role: "teacher", orgUnitId: school.id, orgPath: school.path }];
  teacher = { userId: (await seedTeacher(owner, t.id, school.id, buildTeacher({ name: "司马光明" }))).userId, grants };
  otherTeacher = { userId: (await seedTeacher(owner, t.id, school.id, buildTeacher({ name: "赵六" }))).userId, grants };
  const cert = await seedCertificate(t.id, teacher.userId, "乡村教师信息化教学能力提升");
  await renderCertificate({ db, files, tenantId: t.id, certificateId: cert.id, verifyBaseUrl: `http://${t.slug}.localhost` });
  issued = cert;
  pending = await seedCertificate(t.id, teacher.userId, "尚在生成");

  const throttle = createLoginThrottle(redis);
  const platform = (await db.findTenant({ kind: "platform" })) ?? (await seedTenant(owner, { slug: "platform", name: "研修平台", code: "00", kind: "platform" }));
  const signInAs = async (tenantId: string, roles: TBuildUser["roles"]) => {
    const u = buildUser({ roles });
    await seedUser(owner, tenantId, u);
    return (await signIn({ db, throttle, tenantId, input: { login: u.login, password: u.password }, ip: `board-${randomUUID()}` })).token;
  };
  cookies.operator = await signInAs(platform.id, [{ role: "platformOperator" }]);
  cookies.platformStaff = await signInAs(platform.id, [{ role: "teacher" }]);
  cookies.provinceAdmin = await signInAs(t.id, [{ role: "provinceAdmin" }]);

  const web = await createWebApp(
    {
      NODE_ENV: "test",
      DATABASE_URL: testUrls.database,
      PLATFORM_DATABASE_URL: testUrls.platformDatabase,
      REDIS_URL: testUrls.redis,
      PORT: 0,
      APP_DOMAIN: "localhost",
      REALTIME_PUBLIC_PORT: 3001,
      SESSION_COOKIE_SECURE: false,
      FILE_STORE_DIR: dir,
      CHECK_IN_SECRET: "x".repeat(32),
      QUEUE_PREFIX: prefix,
      RTC_ICE_SERVERS: [],
      TRUST_PROXY: "loopback",
    },
    async () => {
      throw new Error("this test does not reach Remix");
    },
  );
  closeApp = web.close;
  server = web.app.listen(0);
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server?.close();
  await closeApp?.();
  redis.disconnect();
  await db.close();
  await owner.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("/verify/:code", () => {
  it("shows a valid certificate's name, course, 学时 and date, and nothing else; marked noindex", async () => {
    const r = (await call(verifyLoader, { url: `http://x/verify/${issued.verifyCode}`, ctx: ctxFor(null), params: { code: issued.verifyCode } })) as { data: unknown };
    expect(statusOf(r)).toBe(200);
    expect(r.data).toEqual({ found: true, cert: { name: "司马光明", title: "乡村教师信息化教学能力提升", hours: 8, date: "2026-04-01", number: issued.number } });
    const { headers } = await import("../app/routes/verify.$code.tsx");
    expect(new Headers(headers({} as never)).get("X-Robots-Tag")).toMatch(/noindex/);
  });

  it("an unknown, malformed, pending or other tenant's code is the same 404 with no details", async () => {
    for (const code of [randomUUID().replaceAll("-", ""), "not a code!", pending.id.replaceAll("-", "")]) {
      const r = (await call(verifyLoader, { url: `http://x/verify/${encodeURIComponent(code)}`, ctx: ctxFor(null), params: { code } })) as { data: unknown };
      expect(statusOf(r)).toBe(404);
      expect(r.data).toEqual({ found: false, cert: null });
    }
    const elsewhere = await seedTenant(owner, buildTenant());
    const ctx = { ...ctxFor(null), tenant: { id: elsewhere.id, slug: elsewhere.slug, name: elsewhere.name, kind: "province", status: "active" } } as WebLoadContext;
    const r = await call(verifyLoader, { url: "http://x/verify/c", ctx, params: { code: issued.verifyCode } });
    expect(statusOf(r)).toBe(404);
  });
});

describe("/my/certificates/:id.pdf", () => {
  const get = (id: string, who: { userId: string; grants: TGrant[] } | null) => call(pdfLoader, { url: `http://x/my/certificates/${id}.pdf`, ctx: ctxFor(who), params: { id } });

  it("the teacher downloads the PDF as an attachment with a UTF-8 file name", async () => {
    const r = (await get(issued.id, teacher)) as Response;
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/pdf");
    expect(r.headers.get("content-disposition")).toMatch(/^attachment; filename="certificate-[A-Za-z0-9-]+\.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(r.headers.get("content-disposition")!.split("UTF-8''")[1]!)).toContain("乡村教师信息化教学能力提升");
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("another teacher gets a 404, a pending certificate a 409 with a Chinese message, no session goes to sign-in", async () => {
    expect(statusOf(await get(issued.id, otherTeacher))).toBe(404);
    expect(statusOf(await get(randomUUID(), teacher))).toBe(404);
    const p = (await get(pending.id, teacher)) as Response;
    expect(p.status).toBe(409);
    expect(await p.text()).toMatch(/[\u4e00-\u9fa5]/);
    const anon = (await get(issued.id, null)) as Response;
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("/platform/queues", () => {
  it("is a 404 for anyone but a signed-in platform operator on the platform host", async () => {
    expect((await request({ path: "/platform/queues", host: "localhost" })).status).toBe(404);
    expect((await request({ path: "/platform/queues", host: "localhost", cookie: cookies.platformStaff })).status).toBe(404);
    expect((await request({ path: "/platform/queues/api/queues", host: "localhost", cookie: cookies.platformStaff })).status).toBe(404);
    expect((await request({ path: "/platform/queues", host: `${province.slug}.localhost`, cookie: cookies.provinceAdmin })).status).toBe(404);
    // The operator's cookie means nothing on a province's host.
    expect((await request({ path: "/platform/queues", host: `${province.slug}.localhost`, cookie: cookies.operator })).status).toBe(404);
  });

  it("loads nothing from another host: no external font CDN (blocked offline and in mainland China), nothing protocol-relative", async () => {
    const page = await request({ path: "/platform/queues", host: "localhost", cookie: cookies.operator });
    expect(page.status).toBe(200);
    expect(page.body).toContain("<title>");
    expect(page.body.match(/https?:\/\/[^\s"'<>)]+/gi) ?? []).toEqual([]);
    expect(page.body).not.toMatch(/(href|src)\s*=\s*["']?\/\//i);
    // Its stylesheet is still there, served from under the guarded path.
    expect(page.body).toMatch(/<link href="static\/css\/[^"]+\.css" rel="stylesheet">/);
  });

  it("shows the operator every queue with counts and failed jobs, and retries them", async () => {
    const page = await request({ path: "/platform/queues", host: "localhost", cookie: cookies.operator });
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/html/);
    expect(page.body).toContain(t("ops.queues.boardTitle"));
    // Its scripts come from under the same guarded path.
    const baseHref = /<base href="([^"]+)"/.exec(page.body)?.[1] ?? "";
    expect(baseHref.replace(/\/?$/, "/")).toBe("/platform/queues/");
    const script = new URL(/<script[^>]+src="([^"]+)"/.exec(page.body)?.[1] ?? "", `http://h${baseHref.replace(/\/?$/, "/")}`).pathname;
    expect(script).toMatch(/^\/platform\/queues\/static\/.+\.js$/);
    expect((await request({ path: script, host: "localhost", cookie: cookies.operator })).status).toBe(200);
    expect((await request({ path: script, host: "localhost" })).status).toBe(404);

    // One failed certificate job under this app's queue prefix.
    const q = new Queue(queues.certificates, { connection: redis, prefix });
    await q.add("certificate", { v: 1, tenantId: randomUUID(), certificateId: randomUUID() }, { jobId: "cert-fails" });
    const worker = new Worker(
      queues.certificates,
      async () => {
        throw new UnrecoverableError("broken on purpose");
      },
      { connection: redis.duplicate(), prefix },
    );
    const failed = new Promise<void>((resolve) => worker.on("failed", () => resolve()));
    await failed;
    await worker.close();

    const api = await request({ path: `/platform/queues/api/queues?activeQueue=${queues.certificates}&status=failed&page=1`, host: "localhost", cookie: cookies.operator });
    expect(api.status).toBe(200);
    const body = JSON.parse(api.body) as { queues: { name: string; counts: Record<string, number>; jobs: { id: string; failedReason?: string }[] }[] };
    expect(body.queues.map((x) => x.name).sort()).toEqual(Object.values(queues).sort());
    const certs = body.queues.find((x) => x.name === queues.certificates)!;
    expect(certs.counts.failed).toBe(1);
    expect(certs.jobs.map((j) => j.id)).toContain("cert-fails");

    // A state-changing call without this origin is refused by the app's CSRF check, like any other.
    const retryPath = `/platform/queues/api/queues/${queues.certificates}/retry/failed`;
    expect((await request({ method: "PUT", path: retryPath, host: "localhost", cookie: cookies.operator })).status).toBe(403);
    expect((await request({ method: "PUT", path: retryPath, host: "localhost", cookie: cookies.platformStaff, origin: `http://localhost:${port}` })).status).toBe(404);
    const retry = await request({ method: "PUT", path: retryPath, host: "localhost", cookie: cookies.operator, origin: `http://localhost:${port}` });
    expect(retry.status).toBe(200);
    expect(await q.getJobCounts("failed", "waiting")).toEqual({ failed: 0, waiting: 1 });
    await q.obliterate({ force: true });
    await q.close();
  });
});
