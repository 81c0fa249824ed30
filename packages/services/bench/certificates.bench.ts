/**
 * Certificates per second (issue 18; goal ≥ 100/s: a national project issues 20,000 at once).
 *
 * Three measures, interleaved A B C A B C so a change in the machine's load hits all of them, each with the
 * load average beside it:
 *   A  baseline: the renderer as it was (bench/certificate-pdf.before.ts: the CJK font parsed for every PDF,
 *      the QR as a PNG), PDF bytes only;
 *   B  the renderer now (src/certificates/pdf.ts), PDF bytes only, on the same certificates;
 *   C  the whole job now, renderCertificate: load the pending certificate under RLS, render, write the file,
 *      mark it issued — what the worker does per job — at the worker's concurrency for certificate jobs
 *      (CERTIFICATE_CONCURRENCY, 8 by default; A and B run 2 at a time, as the worker did before).
 * Names and titles vary from certificate to certificate, so every PDF subsets a different set of glyphs.
 * The first PDF of B is checked with `pdffonts` (poppler-utils), when installed, for the embedded subsets.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { certificate, creditAward } from "@yanxiu/db/schema";
import { renderCertificate } from "../src/certificates/index.ts";
import { certificatePdf, type TCertificateFields } from "../src/certificates/pdf.ts";
import { createFileStore } from "../src/platform/files.ts";
import { buildTeacher, buildTenant, seedOrgUnit, seedTeacher, seedTenant } from "../src/seed/factories.ts";
import { testDatabase, testOwnerDatabase } from "../src/testing.ts";
import { certificatePdf as certificatePdfBefore } from "./certificate-pdf.before.ts";
import { benchEnv } from "./env.ts";

const ROUNDS = benchEnv.BENCH_ROUNDS;
const CONCURRENCY = 2;
/** apps/worker's CERTIFICATE_CONCURRENCY default. */
const JOB_CONCURRENCY = benchEnv.CERTIFICATE_CONCURRENCY;
const N = { before: benchEnv.CERT_BENCH_BEFORE, now: benchEnv.CERT_BENCH_NOW, job: benchEnv.CERT_BENCH_JOB };
const GOAL = 100;

const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳";
const given = "芳明伟静磊娜敏强军洋勇艳杰娟涛超秀英华丽平刚桂兰玉梅燕红霞鹏飞辉健俊峰建国志文斌宇浩凯晓晨欣怡梓涵子轩雨萱思远佳琪诗雅嘉欣";
const courses = ["初中语文群文阅读教学设计与实践专题研修", "信息技术应用能力提升工程2.0", "班主任工作专题培训", "小学数学核心素养导向的单元整体教学", "乡村教师访名校跟岗研修", "高中物理实验教学创新", "幼儿园游戏活动观察与支持"];
const pick = (s: string, i: number) => [...s][i % [...s].length]!;
function fields(i: number): TCertificateFields {
  return {
    name: `${pick(surnames, i * 7)}${pick(given, i * 13)}${i % 3 ? pick(given, i * 31 + 5) : ""}`,
    title: courses[i % courses.length]!,
    hours: (i % 40) / 2 + 1,
    date: "2026-03-05",
    issuer: "湖南省中小学教师发展中心",
    number: `YX2026-${String(i).padStart(6, "0")}`,
    verifyUrl: `http://hunan.localhost:3000/verify/${randomUUID().replaceAll("-", "")}`,
  };
}

/** Runs `count` tasks, `concurrency` at a time; returns per second. */
async function rate(count: number, task: (i: number) => Promise<unknown>, concurrency = CONCURRENCY): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return count / ((performance.now() - t0) / 1000);
}

const load = () => os.loadavg()[0]!.toFixed(2);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-bench-cert-"));
const files = createFileStore(dir);
const owner = testOwnerDatabase();
const db = testDatabase();

try {
  const t = await seedTenant(owner, buildTenant({ slug: `bench-cert-${randomUUID().slice(0, 6)}` }));
  const prov = await seedOrgUnit(owner, t.id, { kind: "province", name: "省", code: "CBP" });
  const school = await seedOrgUnit(owner, t.id, { kind: "school", name: "一中", code: "CBS", parentId: prov.id });
  const teachers: { userId: string }[] = [];
  for (let i = 0; i < 50; i++) teachers.push(await seedTeacher(owner, t.id, school.id, buildTeacher({ name: fields(i).name })));
  /** Pending certificates for one round of C, inserted as the completion worker inserts them. */
  const pending = async (count: number) => {
    const ids: string[] = [];
    for (let from = 0; from < count; from += 500) {
      const n = Math.min(500, count - from);
      await owner.withTenant(t.id, async (tx) => {
        const awards = await tx
          .insert(creditAward)
          .values(Array.from({ length: n }, (_, k) => ({ tenantId: t.id, teacherId: teachers[(from + k) % teachers.length]!.userId, source: "courseCompletion" as const, sourceRef: randomUUID(), title: courses[(from + k) % courses.length]!, hours: "12.5", category: "online" as const, organiserLevel: "provincial" as const, countsFor: "2026-03-05" })))
          .returning({ id: creditAward.id, teacherId: creditAward.teacherId });
        const certs = await tx
          .insert(certificate)
          .values(awards.map((a, k) => ({ tenantId: t.id, awardId: a.id, teacherId: a.teacherId, number: `YX2026-${randomUUID().slice(0, 8)}-${k}`, verifyCode: randomUUID().replaceAll("-", "") })))
          .returning({ id: certificate.id });
        ids.push(...certs.map((c) => c.id));
      });
    }
    return ids;
  };

  // Warm-up: module loading, JIT and the once-per-process font parse are not what a 20,000-certificate run waits on.
  await certificatePdfBefore(fields(0));
  const sample = await certificatePdf(fields(1));
  const samplePath = path.join(dir, "sample.pdf");
  fs.writeFileSync(samplePath, sample);
  let pdffonts = "pdffonts not installed (apt-get install poppler-utils): embedded subsets not checked here";
  try {
    pdffonts = execFileSync("pdffonts", [samplePath]).toString().trim();
  } catch {
    // Not installed; the integration test checks the subsets with pdf.js instead.
  }

  const results: { round: number; what: string; perSecond: number; load: string }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const ids = await pending(N.job);
    const la = load();
    results.push({ round, what: "A", perSecond: await rate(N.before, (i) => certificatePdfBefore(fields(i))), load: la });
    const lb = load();
    results.push({ round, what: "B", perSecond: await rate(N.now, (i) => certificatePdf(fields(i))), load: lb });
    const lc = load();
    results.push({ round, what: "C", perSecond: await rate(ids.length, (i) => renderCertificate({ db, files, tenantId: t.id, certificateId: ids[i]!, verifyBaseUrl: `http://${t.slug}.localhost:3000` }), JOB_CONCURRENCY), load: lc });
  }
  const label = {
    A: `A baseline: renderer before (font parsed per PDF, PNG QR), ${N.before} PDFs`,
    B: `B renderer now, PDF bytes only, ${N.now} PDFs`,
    C: `C whole job now (renderCertificate: load, render, write, mark issued), ${N.job} certs, ${JOB_CONCURRENCY} at a time`,
  } as const;
  console.log(`\ncertificates per second, ${os.cpus().length} cores, rounds interleaved A B C`);
  for (const r of results) console.log(`  round ${r.round}  ${label[r.what as keyof typeof label].padEnd(96)} ${r.perSecond.toFixed(1).padStart(7)} /s   load ${r.load}`);
  const mean = (w: string) => results.filter((r) => r.what === w).reduce((s, r) => s + r.perSecond, 0) / ROUNDS;
  const [a, b, c] = [mean("A"), mean("B"), mean("C")];
  console.log(`  mean: A ${a.toFixed(1)}/s, B ${b.toFixed(1)}/s (${(b / a).toFixed(1)}× A), C ${c.toFixed(1)}/s (${(c / a).toFixed(1)}× A)`);
  console.log(`  goal ≥ ${GOAL} certificates/s for the whole job (C): ${c >= GOAL ? "met" : "missed"}; for the PDF alone (B): ${b >= GOAL ? "met" : "missed"}`);
  console.log(`  a sample PDF: ${(sample.length / 1024).toFixed(1)} KB; pdffonts:\n${pdffonts.replace(/^/gm, "    ")}`);
} finally {
  await db.close();
  await owner.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
