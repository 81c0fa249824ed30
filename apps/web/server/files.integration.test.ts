import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileStore } from "@yanxiu/services/files";
import { buildTenant, buildUser, seedTenant, seedUser } from "@yanxiu/services/factories";
import { testDatabase, testOwnerDatabase, testRedis } from "@yanxiu/services/testing";
import { createProducer } from "@yanxiu/services/queue";
import type { WebLoadContext } from "../app/load-context.ts";
import { createFileRoutes } from "./files.ts";
import { createWebServices } from "./services.ts";

/** The upload and download routes over real HTTP, against real Postgres and a real file store. */
const fixture = fs.readFileSync(fileURLToPath(new URL("../e2e/fixtures/lesson.webm", import.meta.url)));
const pdf = fs.readFileSync(fileURLToPath(new URL("../e2e/fixtures/sample.pdf", import.meta.url)));
const docx = fs.readFileSync(fileURLToPath(new URL("../e2e/fixtures/report.docx", import.meta.url)));
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-files-http-"));
let server: Server;
let base = "";

beforeAll(async () => {
  const tenant = await seedTenant(owner, buildTenant());
  const trainer = await seedUser(owner, tenant.id, buildUser({ roles: [{ role: "trainer" }] }));
  const media = createWebServices({ db, files: createFileStore(dir), producer: createProducer(redis, { prefix: "files-http" }), redis, checkInSecret: "x".repeat(32), throttle: undefined as never, platformDb: undefined as never }).media;
  const app = express();
  app.use((_req, res, next) => {
    res.locals.ctx = {
      services: { media },
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, kind: "province", status: "active" },
      user: { id: trainer.id, grants: [{ role: "trainer", orgUnitId: null, orgPath: null }] },
      clientIp: "127.0.0.1",
    } as unknown as WebLoadContext;
    next();
  });
  app.use(createFileRoutes());
  server = app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  redis.disconnect();
  await db.close();
  await owner.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const upload = (body: Uint8Array, name: string, purpose = "courseVideo") =>
  fetch(`${base}/api/files?purpose=${purpose}`, { method: "POST", body: new Blob([new Uint8Array(body)]), headers: { "X-File-Name": encodeURIComponent(name), "Content-Type": "application/octet-stream" } });

describe("files over HTTP", () => {
  it("stores an uploaded video and serves byte ranges of it", async () => {
    const res = await upload(fixture, "第一课.webm");
    expect(res.status).toBe(201);
    const stored = (await res.json()) as { id: string; mime: string; durationSeconds: number };
    expect(stored).toMatchObject({ mime: "video/webm", durationSeconds: 4 });

    const part = await fetch(`${base}/files/${stored.id}`, { headers: { Range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${fixture.length}`);
    expect(part.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await part.arrayBuffer()).equals(fixture.subarray(100, 200))).toBe(true);

    const tail = await fetch(`${base}/files/${stored.id}`, { headers: { Range: "bytes=-10" } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(fixture.subarray(fixture.length - 10))).toBe(true);

    const beyond = await fetch(`${base}/files/${stored.id}`, { headers: { Range: `bytes=${fixture.length + 5}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${fixture.length}`);

    const whole = await fetch(`${base}/files/${stored.id}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/webm");
    expect(Buffer.from(await whole.arrayBuffer()).equals(fixture)).toBe(true);
  });

  it("a file named x.html is served as an attachment under its real type's extension, never inline; a matching name is inline; every answer says nosniff", async () => {
    const up = await upload(pdf, "x.html", "courseDocument");
    expect(up.status).toBe(201);
    const { id } = (await up.json()) as { id: string };
    const res = await fetch(`${base}/files/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const cd = res.headers.get("content-disposition") ?? "";
    expect(cd).toMatch(/^attachment;/);
    expect(cd).toContain(`filename="x.html.pdf"`);
    expect(cd).toContain(`filename*=UTF-8''x.html.pdf`);
    await res.arrayBuffer();

    const video = (await (await upload(fixture, "第一课 (终稿).webm")).json()) as { id: string };
    const inline = await fetch(`${base}/files/${video.id}`, { method: "HEAD" });
    expect(inline.headers.get("x-content-type-options")).toBe("nosniff");
    // RFC 5987: UTF-8, percent-encoded, with ( ) ' * encoded too; an ASCII fallback for old clients.
    expect(inline.headers.get("content-disposition")).toBe(`inline; filename="___ (__).webm"; filename*=UTF-8''${encodeURIComponent("第一课")}%20%28${encodeURIComponent("终稿")}%29.webm`);

    // Quotes and bidi controls (which could show "x\u202Efdp.html" as "xlmth.pdf") never reach the header.
    const tricky = (await (await upload(pdf, 'a"b\u202Efdp.html', "courseDocument")).json()) as { id: string };
    const t = await fetch(`${base}/files/${tricky.id}`, { method: "HEAD" });
    const tcd = t.headers.get("content-disposition") ?? "";
    expect(tcd).toMatch(/^attachment; filename="a_bfdp\.html\.pdf"; filename\*=UTF-8''a_bfdp\.html\.pdf$/);
  });

  it("a Word report is always a download: under its own name, or with .docx added when its name claims another type", async () => {
    const named = (await (await upload(docx, "绩效评估报告.docx", "projectReport")).json()) as { id: string };
    const res = await fetch(`${base}/files/${named.id}`);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="______.docx"; filename*=UTF-8''${encodeURIComponent("绩效评估报告")}.docx`);
    expect(Buffer.from(await res.arrayBuffer()).equals(docx)).toBe(true);
    const claimed = (await (await upload(docx, "报告.pdf", "projectReport")).json()) as { id: string };
    const head = await fetch(`${base}/files/${claimed.id}`, { method: "HEAD" });
    expect(head.headers.get("content-disposition")).toMatch(/^attachment; filename="__\.pdf\.docx";/);
  });

  it("refuses a renamed executable with a Chinese message", async () => {
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(4096)]);
    const res = await upload(exe, "lesson.mp4");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe("fileTypeRefused");
    expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it("a file that does not exist is not found", async () => {
    const res = await fetch(`${base}/files/00000000-0000-4000-8000-000000000000`);
    expect(res.status).toBe(404);
  });
});
