import { expect, test } from "@playwright/test";
import { rawRequest, urlFor } from "./support.ts";

test("a form post with a foreign Origin gets 403", async () => {
  const res = await rawRequest({
    host: "hunan.localhost",
    method: "POST",
    path: "/login",
    headers: { origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" },
    body: "login=hn_teacher1&password=Yanxiu%402026",
  });
  expect(res.status).toBe(403);
  expect(res.body).toContain("请求来源不被允许");
  expect(res.headers["set-cookie"]).toBeUndefined();
});

test("a form post with no Origin, or another province's Origin, gets 403", async () => {
  for (const origin of [undefined, `http://sichuan.localhost:${new URL(urlFor(null)).port}`]) {
    const res = await rawRequest({
      host: "hunan.localhost",
      method: "POST",
      path: "/logout",
      headers: origin ? { origin } : {},
    });
    expect(res.status).toBe(403);
  }
});

test("the same post from the page's own origin is accepted", async () => {
  const res = await rawRequest({
    host: "hunan.localhost",
    method: "POST",
    path: "/login",
    headers: { origin: urlFor("hunan").replace(/\/$/, ""), "content-type": "application/x-www-form-urlencoded" },
    body: "login=hn_teacher2&password=Yanxiu%402026",
  });
  expect(res.status).toBe(302);
  expect(String(res.headers["set-cookie"])).toMatch(/^yx_session=[a-z2-7]{32}; HttpOnly; SameSite=Lax; Path=\//);
});

test("an unknown province host gets a clear Chinese 404 page", async ({ page }) => {
  const res = await page.goto(urlFor("atlantis", "/"));
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("alert")).toContainText("找不到该省份站点");
  const raw = await rawRequest({ host: "evil.example.com" });
  expect(raw.status).toBe(404);
});

test("an oversized body is refused with 413 and no stack trace", async () => {
  const res = await rawRequest({
    host: "hunan.localhost",
    method: "POST",
    path: "/login",
    headers: { origin: urlFor("hunan").replace(/\/$/, ""), "content-type": "application/x-www-form-urlencoded" },
    body: "login=" + "a".repeat(2 * 1024 * 1024),
  });
  expect(res.status).toBe(413);
  expect(res.body).toContain("提交的内容过大");
  expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
  // A body with no declared length cannot be measured up front, so it is refused too.
  const chunked = await rawRequest({
    host: "hunan.localhost",
    method: "POST",
    path: "/login",
    headers: { origin: urlFor("hunan").replace(/\/$/, ""), "content-type": "application/x-www-form-urlencoded" },
    body: "login=x&password=y",
    chunked: true,
  });
  expect(chunked.status).toBe(411);
});

test("malformed bodies and forged cookies get a clear error, and the server stays up", async () => {
  const origin = urlFor("hunan").replace(/\/$/, "");
  const weird = await rawRequest({
    host: "hunan.localhost",
    method: "POST",
    path: "/login",
    headers: { origin, "content-type": "multipart/form-data; boundary=zzz" },
    body: "--zzz\r\nbroken",
  });
  expect(weird.status).toBe(400);
  const json = await rawRequest({ host: "hunan.localhost", method: "POST", path: "/login", headers: { origin, "content-type": "application/json" }, body: "{" });
  expect(json.status).toBe(400);
  for (const cookie of ["yx_session=forged", "yx_session=" + "a".repeat(32), "yx_session=%E0%A4%A", "yx_session=" + "x".repeat(4000)]) {
    const res = await rawRequest({ host: "hunan.localhost", headers: { cookie } });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/login");
  }
  const health = await rawRequest({ host: "localhost", path: "/healthz" });
  expect(JSON.parse(health.body)).toEqual({ ok: true, postgres: "up", redis: "up" });
});

test("a roster upload over the size limit is refused with 413 before it is read", async () => {
  const res = await rawRequest({
    host: "hunan.localhost",
    method: "POST",
    path: "/admin/import",
    headers: { origin: urlFor("hunan").replace(/\/$/, ""), "content-type": "multipart/form-data; boundary=zzz" },
    body: Buffer.alloc(21 * 1024 * 1024 + 100_000, 0x61),
  });
  expect(res.status).toBe(413);
  expect(res.body).toContain("提交的内容过大");
});
