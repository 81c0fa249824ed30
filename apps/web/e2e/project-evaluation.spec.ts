import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Browser, type Page } from "@playwright/test";
import { signedIn, test, urlFor, waitForHydration } from "./support.ts";

/**
 * 培训简报 and 培训效果评估 (issue 16, decision 024) on the demo project: its nominee (王芳, hn_teacher1) is
 * passed by the county and the province and becomes a trainee; the province posts a brief with an image, builds
 * a questionnaire (a mentor question added to the starter ones), opens it; the trainee, on a phone, finds it
 * from 我的学时, is told what is missing, answers, cannot answer twice and reads the brief; the province sees
 * the response rate, the mean, the text answer and downloads the .xlsx, and submits the 绩效评估报告.
 */

const projectName = "2026年初中语文骨干教师培训";
const trainee = "王芳";
const run = Math.random().toString(36).slice(2, 7);
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
// A 1×1 PNG (the upload checks it decodes to its dimensions).
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

async function go(page: Page, p: string) {
  await page.goto(urlFor("hunan", p));
  await waitForHydration(page);
}

const opened: Page[] = [];
async function newPage(browser: Browser, phone = false) {
  const ctx = await browser.newContext({ locale: "zh-CN", viewport: phone ? { width: 390, height: 844 } : { width: 1366, height: 900 }, isMobile: phone, hasTouch: phone });
  const page = await ctx.newPage();
  page.on("dialog", (d) => void d.accept());
  opened.push(page);
  return page;
}
// eslint-disable-next-line no-empty-pattern -- Playwright reads which fixtures a hook needs from this pattern: none.
test.afterEach(async ({}, testInfo) => {
  for (const [i, p] of opened.entries()) if (!p.isClosed()) await p.screenshot({ path: testInfo.outputPath(`side-${i}.png`), fullPage: true }).catch(() => {});
  await Promise.all(opened.map((p) => p.context().close().catch(() => {})));
  opened.length = 0;
});

async function openProject(page: Page, tab?: "推荐与审核" | "培训简报" | "效果评估") {
  await go(page, `/admin/projects?q=${encodeURIComponent(projectName)}`);
  await page.getByRole("link", { name: projectName }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(projectName);
  if (tab) {
    await page.getByRole("navigation", { name: "项目页面" }).getByRole("link", { name: tab }).click();
    await waitForHydration(page);
  }
}

/** Passes the trainee's nomination at the actor's step. */
async function pass(page: Page) {
  await openProject(page, "推荐与审核");
  await page.getByTestId("nomination-list").getByRole("link", { name: trainee }).click();
  await waitForHydration(page);
  await page.getByTestId("nomination-pass").click();
  await expect(page.getByRole("status")).toHaveText("已通过。");
}

test("the owner posts a brief and builds a questionnaire, a trainee answers it anonymously on a phone, the owner sees the results", async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const shot = (page: Page, name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const county = await newPage(browser);
  await signedIn(county, "hunan", "hn_county");
  await pass(county);
  const province = await newPage(browser);
  await signedIn(province, "hunan", "hn_admin");
  await pass(province); // the city's step (the province acts for the city)
  await pass(province); // 资质复审
  await expect(province.getByTestId("nomination-facts")).toContainText("已入选");

  // 1. 培训简报: posted with an image, counted against the year's four.
  await openProject(province, "培训简报");
  await expect(province.getByTestId("brief-count")).toContainText("要求 4 期");
  const briefTitle = `第一期简报 ${run}`;
  await province.getByLabel("标题").fill(briefTitle);
  await province.getByLabel("正文").fill("开班典礼在长沙举行。\n\n学员分组开展<b>研讨</b>。");
  await province.getByLabel("添加图片").setInputFiles({ name: "开班.png", mimeType: "image/png", buffer: png });
  await expect(province.getByText("已上传：开班.png")).toBeVisible();
  await province.getByTestId("brief-submit").click();
  await expect(province.getByRole("status").filter({ hasText: "简报已发布。" })).toBeVisible();
  const brief = province.getByTestId("brief").filter({ hasText: briefTitle });
  await expect(brief).toContainText("学员分组开展<b>研讨</b>。");
  await expect(brief.locator("b")).toHaveCount(0);
  await expect(brief.getByRole("img")).toHaveCount(1);
  await expect(province.getByTestId("brief-count")).toContainText(/已发布 \d+ 期，要求 4 期/);
  await shot(province, "owner-briefs");

  // 2. The questionnaire: the starter questions plus a mentor's rating; saved as a draft, then opened.
  await openProject(province, "效果评估");
  await province.getByTestId("questionnaire-new").click();
  await waitForHydration(province);
  const qTitle = `结业满意度调查 ${run}`;
  await province.getByLabel("问卷标题").fill(qTitle);
  const fresh = province.getByTestId("question").last();
  await fresh.getByLabel("题目").fill("导师指导的效果");
  await fresh.getByLabel("评价对象").selectOption("mentor");
  await fresh.getByLabel("导师姓名").fill("李明");
  await fresh.getByLabel("必答").check();
  await province.getByTestId("questionnaire-save").click();
  await expect(province.getByRole("heading", { level: 2, name: new RegExp(qTitle) })).toContainText("草稿");
  await expect(province.getByTestId("question")).toHaveCount(6);
  await province.getByRole("link", { name: "← 返回效果评估" }).click();
  await waitForHydration(province);
  const row = province.getByTestId("questionnaire-row").filter({ hasText: qTitle });
  await row.getByTestId("questionnaire-open").click();
  await expect(province.getByRole("status")).toHaveText("问卷已开放，学员现在可以填写。");
  await expect(row).toContainText("填写中");

  // 3. The trainee, on a phone: from 我的学时 to the questionnaire; missing answers are named; then answered once.
  const teacher = await newPage(browser, true);
  await signedIn(teacher, "hunan", "hn_teacher1");
  await go(teacher, "/my/credits");
  await teacher.getByTestId("my-project").filter({ hasText: projectName }).getByTestId("my-project-evaluation").click();
  await waitForHydration(teacher);
  await expect(teacher.getByTestId("my-briefs")).toContainText(briefTitle);
  await teacher.getByRole("link", { name: new RegExp(`填写《${qTitle}》`) }).click();
  await waitForHydration(teacher);
  const form = teacher.getByTestId("answer-form");
  await expect(form).toContainText("匿名");
  // The browser's own required check is bypassed, so the server's messages are what the trainee sees.
  await form.evaluate((f) => f.setAttribute("novalidate", ""));
  await teacher.getByTestId("answer-submit").click();
  await expect(teacher.getByText("请回答「你对本次培训的总体满意度」")).toBeVisible();
  await expect(teacher.getByText("请回答「导师指导的效果」")).toBeVisible();
  const question = (text: string) => teacher.getByTestId("answer-question").filter({ hasText: text });
  await question("总体满意度").getByRole("radio", { name: "5", exact: true }).check();
  await question("教学工作的帮助").getByRole("radio", { name: "4", exact: true }).check();
  await question("收获最大").getByLabel("跟岗实践").check();
  await question("收获最大").getByLabel("导师指导").check();
  await question("建议").getByRole("textbox").fill("希望增加课堂观摩的次数");
  await question("导师指导的效果").getByRole("radio", { name: "5", exact: true }).check();
  await shot(teacher, "trainee-answering");
  await teacher.getByTestId("answer-submit").click();
  await expect(teacher.getByTestId("answer-done")).toHaveText("已提交，感谢你的评价！");
  const overflow = await teacher.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await teacher.getByRole("link", { name: "返回问卷列表" }).click();
  await expect(teacher.getByTestId("my-questionnaire").filter({ hasText: qTitle })).toContainText("已提交");
  await shot(teacher, "trainee-page");

  // 4. The owner: the response rate, the tally, the mean, the text answer and the .xlsx.
  await openProject(province, "效果评估");
  await province.getByTestId("questionnaire-row").filter({ hasText: qTitle }).getByRole("link", { name: qTitle }).click();
  await waitForHydration(province);
  await expect(province.getByTestId("response-rate")).toContainText("已填写 1 人");
  const results = province.getByTestId("question-result");
  await expect(results).toHaveCount(5);
  await expect(results.nth(0).getByTestId("scale-mean")).toContainText("平均 5.00 分");
  await expect(results.nth(3).getByTestId("text-answers")).toHaveText("希望增加课堂观摩的次数");
  await expect(results.nth(4)).toContainText("导师：李明");
  await expect(results.nth(4).getByTestId("scale-mean")).toContainText("平均 5.00 分");
  await shot(province, "owner-results");
  const download = province.waitForEvent("download");
  await province.getByTestId("results-xlsx").click();
  const file = readFileSync((await (await download).path())!);
  expect(file.subarray(0, 2).toString()).toBe("PK");

  // 5. The 绩效评估报告: a Word document (saved by Microsoft Word) uploaded; the due state shows submitted, and the
  // file comes back as a download under its own name.
  await openProject(province, "效果评估");
  await province.getByLabel("上传报告（PDF 或 Word）").setInputFiles(path.join(fixtures, "report.docx"));
  await expect(province.getByText("已上传：report.docx")).toBeVisible();
  await province.getByTestId("report-submit").click();
  await expect(province.getByRole("status").filter({ hasText: "绩效评估报告已提交。" })).toBeVisible();
  await expect(province.getByTestId("report")).toContainText("report.docx");
  const href = await province.getByTestId("report").getByRole("link", { name: "report.docx" }).getAttribute("href");
  const got = await province.evaluate(async (h) => {
    const r = await fetch(h);
    return { status: r.status, type: r.headers.get("content-type"), disposition: r.headers.get("content-disposition"), bytes: [...new Uint8Array(await r.arrayBuffer())] };
  }, href!);
  expect(got.status).toBe(200);
  expect(got.type).toContain("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  expect(got.disposition).toMatch(/^attachment; filename="report\.docx"/);
  expect(Buffer.from(got.bytes).equals(readFileSync(path.join(fixtures, "report.docx")))).toBe(true);
  await expect(province.getByTestId("report-status")).toHaveText(/已提交|逾期提交/);
});
