import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";
import { signedIn, test, urlFor, waitForHydration } from "./support.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

/** A `datetime-local` value in Beijing time (the forms read them as +08:00), `hours` from now. */
function beijing(hours: number): string {
  return new Date(Date.now() + (hours + 8) * 3600_000).toISOString().slice(0, 16);
}

async function addVideo(page: Page) {
  await page.getByTestId("add-unit-video").click();
  const form = page.getByTestId("unit-form-video");
  await form.getByLabel("单元名称").fill("导读视频");
  await form.getByLabel("视频文件").setInputFiles(path.join(here, "fixtures", "lesson.webm"));
  // The upload shows its progress, then the stored file with the duration read from it.
  await expect(form.locator(".yx-media-status")).toContainText("4", { timeout: 20_000 });
  await form.getByTestId("unit-submit").click();
  await expect(page.getByTestId("unit-row")).toHaveCount(1);
}

async function addQuiz(page: Page, attemptLimit?: number) {
  await page.getByTestId("add-unit-quiz").click();
  const form = page.getByTestId("unit-form-quiz");
  await form.getByLabel("单元名称").fill("课后测验");
  if (attemptLimit) await form.getByLabel("最多作答次数").fill(String(attemptLimit));
  await form.getByTestId("add-question").click();
  await form.getByTestId("question-0-prompt").fill("大单元教学设计首先要明确什么？");
  await form.getByTestId("question-0-option-0").fill("教学进度");
  await form.getByTestId("question-0-option-1").fill("单元学习目标");
  await form.getByTestId("question-0-correct-1").check();
  await form.getByTestId("unit-submit").click();
  await expect(page.getByTestId("unit-row")).toHaveCount(2);
}

async function addDocument(page: Page, rows: number) {
  await page.getByTestId("add-unit-document").click();
  const form = page.getByTestId("unit-form-document");
  await form.getByLabel("单元名称").fill("课标解读讲义");
  await form.getByLabel("文档（PDF）").setInputFiles(path.join(here, "fixtures", "sample.pdf"));
  // "已上传" only once the upload has finished (while it runs the status already names the file).
  await expect(form.locator(".yx-media-status")).toContainText("已上传：sample.pdf", { timeout: 20_000 });
  await form.getByTestId("unit-submit").click();
  await expect(page.getByTestId("unit-row")).toHaveCount(rows);
}

async function addOfflineSession(page: Page) {
  await page.getByTestId("add-unit-offlineSession").click();
  const form = page.getByTestId("unit-form-offlineSession");
  await form.getByLabel("单元名称").fill("集中研修工作坊");
  await form.getByLabel("开始时间").fill(beijing(-1));
  await form.getByLabel("结束时间").fill(beijing(3));
  await form.getByLabel("地点").fill("省教师发展中心 201 报告厅");
  await form.getByLabel("签到开始").fill(beijing(-1));
  await form.getByLabel("签到截止").fill(beijing(2));
  await form.getByLabel("此时间后签到记为迟到").fill(beijing(1));
  await form.getByTestId("unit-submit").click();
  await expect(page.getByTestId("unit-row")).toHaveCount(3);
}

test("a trainer publishes a blended course; a teacher enrols, watches, passes the quiz, checks in with the trainer's code, finishes every unit, and sees the 学时 and certificate appear without reloading", async ({ browser }) => {
  test.setTimeout(120_000);
  const trainerCtx = await browser.newContext();
  const reviewerCtx = await browser.newContext();
  const teacherCtx = await browser.newContext();
  try {
    // ── The trainer writes the course ───────────────────────────────────────────────────────────
    const trainer = await trainerCtx.newPage();
    await signedIn(trainer, "hunan", "hn_trainer");
    await trainer.goto(urlFor("hunan", "/trainer/courses"));
    await waitForHydration(trainer);
    await trainer.getByTestId("new-course").click();
    await waitForHydration(trainer);
    const title = `混合式研修课程${Date.now() % 1_000_000}`;
    await trainer.getByLabel("课程名称").fill(title);
    await trainer.getByLabel("小学").check();
    await trainer.getByLabel("适用学科（用逗号分隔）").fill("语文");
    await trainer.getByLabel("课程分类").selectOption({ label: "学科教学" });
    await trainer.getByLabel("开课机构").selectOption({ index: 1 });
    await trainer.getByLabel("总学时").fill("6");
    await trainer.getByTestId("facts-submit").click();
    await expect(trainer.getByTestId("course-title")).toHaveText(title);
    await waitForHydration(trainer);
    await addVideo(trainer);
    await addQuiz(trainer);
    await addOfflineSession(trainer);
    // 预览: the draft as a teacher will see it — the course page, then a unit — with nothing to enrol in or submit.
    await trainer.getByTestId("open-preview").click();
    await expect(trainer.getByTestId("preview-banner")).toContainText("预览不会报名");
    await expect(trainer.getByRole("heading", { name: title, exact: true })).toBeVisible();
    await expect(trainer.getByRole("button", { name: /报名学习/ })).toBeDisabled();
    await trainer.getByRole("link", { name: /课后测验/ }).click();
    await expect(trainer.getByTestId("preview-question")).toHaveCount(1);
    await expect(trainer.getByTestId("preview-question")).toContainText("大单元教学设计首先要明确什么？");
    await expect(trainer.getByTestId("preview-question").getByRole("radio", { name: "单元学习目标" })).toBeDisabled();
    await expect(trainer.getByRole("button", { name: /提交|开始作答/ })).toHaveCount(0);
    await trainer.getByRole("link", { name: "返回编辑" }).click();
    await expect(trainer.getByTestId("course-title")).toHaveText(title);
    await waitForHydration(trainer);
    // Three units of 1 学时 each under a declared 6: the editor warns (6 is what counts), and submitting asks first.
    await expect(trainer.getByTestId("hours-mismatch").first()).toContainText("各单元学时合计 3 学时，与课程总学时 6 学时不一致");
    trainer.once("dialog", (dialog) => void dialog.accept());
    await trainer.getByTestId("submit-review").click();
    await expect(trainer.getByTestId("version-status")).toHaveAttribute("data-status", "inReview");
    const courseId = new URL(trainer.url()).pathname.split("/").pop()!;

    // ── A reviewer approves: the version is published and frozen ─────────────────────────────────
    const reviewer = await reviewerCtx.newPage();
    await signedIn(reviewer, "hunan", "hn_reviewer");
    await reviewer.goto(urlFor("hunan", "/review"));
    await reviewer.getByTestId("review-row").filter({ hasText: title }).getByTestId("open-review").click();
    await waitForHydration(reviewer);
    await reviewer.getByTestId("approve").click();
    await expect(reviewer.getByTestId("review-done")).toBeVisible();

    // ── The teacher finds it and enrols ──────────────────────────────────────────────────────────
    const teacher = await teacherCtx.newPage();
    await signedIn(teacher, "hunan", "hn_teacher1");
    await teacher.goto(urlFor("hunan", "/courses"));
    await waitForHydration(teacher);
    await teacher.getByLabel("关键词").fill(title);
    await teacher.getByRole("button", { name: "筛选" }).click();
    await expect(teacher.getByTestId("course-card")).toHaveCount(1);
    await expect(teacher.getByTestId("catalogue-total")).toHaveText("共 1 门课程");
    // The card: a cover (drawn from the category: the course has no uploaded one), the 学时 and how many are on it.
    const card = teacher.getByTestId("course-card");
    await expect(card.getByTestId("course-cover")).toBeVisible();
    await expect(card.getByTestId("course-cover")).toHaveAttribute("data-kind", "generated");
    await expect(card.getByTestId("course-hours")).toHaveText("6 学时");
    await expect(card.getByTestId("course-enrolments")).toHaveText("0 人已报名");
    await expect(card.getByTestId("course-enrolment")).toHaveCount(0);
    await teacher.getByTestId("course-card").getByRole("link", { name: title }).click();
    await waitForHydration(teacher);
    await teacher.getByRole("button", { name: "报名学习" }).click();
    // Enrolling opens the player.
    await expect(teacher).toHaveURL(new RegExp(`/learn/${courseId}/`));
    await waitForHydration(teacher);

    // The player opens on the first unit, the video. Play it to the end (muted, as autoplay allows).
    const states = teacher.locator('[data-testid^="unit-state-"]');
    await expect(states).toHaveCount(3);
    await expect(states.nth(0)).toHaveAttribute("data-state", "notStarted");
    await expect(teacher.getByTestId("unit-video")).toBeVisible();
    await teacher.locator("video").evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await expect(states.nth(0)).toHaveAttribute("data-state", "complete", { timeout: 30_000 });

    // The quiz: start, answer, pass.
    await teacher.getByRole("link", { name: "课后测验" }).click();
    await waitForHydration(teacher);
    await teacher.getByRole("button", { name: "开始作答" }).click();
    await teacher.getByTestId("quiz-question").getByLabel("单元学习目标").check();
    await teacher.getByRole("button", { name: "提交答卷" }).click();
    await expect(teacher.getByTestId("quiz-result")).toHaveAttribute("data-passed", "true");
    await expect(states.nth(1)).toHaveAttribute("data-state", "complete");

    // ── Check-in with the code on the trainer's screen (another browser context) ────────────────
    await teacher.getByRole("link", { name: "集中研修工作坊" }).click();
    await waitForHydration(teacher);
    await expect(teacher.getByTestId("attendance")).toHaveText("未签到");

    await trainer.reload();
    await trainer.getByTestId("open-class").click();
    await trainer.getByRole("link", { name: /集中研修工作坊/ }).first().click();
    await expect(trainer.getByTestId("check-in-code")).toHaveText(/^\s*\d{6}\s*$/);
    await expect(trainer.locator("svg").first()).toBeVisible(); // the QR code
    const code = (await trainer.getByTestId("check-in-code").textContent())!.trim();

    await teacher.getByLabel("签到码").fill(code);
    await teacher.getByRole("button", { name: "签到", exact: true }).click();
    await expect(teacher.getByTestId("attendance")).toContainText("已签到");
    await expect(states.nth(2)).toHaveAttribute("data-state", "complete");

    // Every unit is done, and 我的课程 shows the course at 100 %.
    for (let i = 0; i < 3; i++) await expect(states.nth(i)).toHaveText("已完成");

    // ── The worker credits the course: 学时 and certificate appear on this page without a reload ──
    // (pushed Redis → realtime → this page; the page's own fallback poll is 20 s, longer than these waits).
    await teacher.evaluate(() => ((window as unknown as { yxSamePage: boolean }).yxSamePage = true));
    await expect(teacher.getByTestId("course-credit")).toContainText(/获得 [\d.]+ 学时/, { timeout: 10_000 });
    const certificateLink = teacher.getByTestId("course-certificate");
    await expect(certificateLink).toBeVisible({ timeout: 15_000 });
    expect(await teacher.evaluate(() => (window as unknown as { yxSamePage?: boolean }).yxSamePage)).toBe(true);
    // The PDF, fetched by the page itself (Node does not resolve *.localhost; the browser does).
    const pdf = await teacher.evaluate(async (href) => {
      const r = await fetch(href);
      const head = new Uint8Array(await r.arrayBuffer()).subarray(0, 5);
      return { status: r.status, type: r.headers.get("content-type"), head: String.fromCharCode(...head) };
    }, (await certificateLink.getAttribute("href"))!);
    expect(pdf).toEqual({ status: 200, type: expect.stringContaining("application/pdf"), head: "%PDF-" });

    // 我的学时: the ledger row with its course, the certificate issued, and its public verification page.
    await teacher.goto(urlFor("hunan", "/my/credits"));
    await expect(teacher.getByTestId("ledger-row").filter({ hasText: title })).toHaveCount(1);
    // The whole 学时明细 downloads as a spreadsheet named after the teacher.
    const [ledgerFile] = await Promise.all([teacher.waitForEvent("download"), teacher.getByTestId("ledger-export").click()]);
    expect(ledgerFile.suggestedFilename()).toBe("王芳-学时明细.xlsx");
    const certRow = teacher.getByTestId("certificate-row").filter({ hasText: title });
    await expect(certRow).toHaveAttribute("data-status", "issued");
    const verifyHref = (await certRow.getByTestId("certificate-verify").getAttribute("href"))!;
    const anonymous = await browser.newContext();
    try {
      const v = await anonymous.newPage();
      await v.goto(urlFor("hunan", verifyHref));
      await expect(v.getByText("证书有效")).toBeVisible();
      await expect(v.getByText(title)).toBeVisible();
      await expect(v.getByText("王芳")).toBeVisible();
      expect((await v.goto(urlFor("hunan", "/verify/not-a-real-code")))?.status()).toBe(404);
    } finally {
      await anonymous.close();
    }
    await teacher.goto(urlFor("hunan", "/my/courses"));
    await expect(teacher.getByTestId("my-course").filter({ hasText: title })).toContainText("100%");
    await expect(teacher.getByTestId("my-course").filter({ hasText: title }).getByTestId("course-cover")).toBeVisible();
    // The catalogue now counts the teacher and says they are on it.
    await teacher.goto(urlFor("hunan", `/courses?q=${encodeURIComponent(title)}`));
    await expect(teacher.getByTestId("course-card").getByTestId("course-enrolments")).toHaveText("1 人已报名");
    await expect(teacher.getByTestId("course-card").getByTestId("course-enrolment")).toBeVisible();

    // The trainer's roster shows the teacher as present.
    await trainer.reload();
    await expect(trainer.getByTestId("check-in-roster")).toContainText("王芳");
    await expect(trainer.getByTestId("check-in-counts")).toContainText("已签到 1 人");

    // Another province's teacher cannot reach the course, by catalogue or by address.
    const outsider = await browser.newContext();
    try {
      const sc = await outsider.newPage();
      await signedIn(sc, "sichuan", "sc_teacher1");
      await sc.goto(urlFor("sichuan", `/courses?q=${encodeURIComponent(title)}`));
      await expect(sc.getByTestId("course-card")).toHaveCount(0);
      const res = await sc.goto(urlFor("sichuan", `/courses/${courseId}`));
      expect(res?.status()).toBe(404);
      expect((await sc.goto(urlFor("sichuan", `/learn/${courseId}`)))?.status()).toBe(404);
    } finally {
      await outsider.close();
    }
  } finally {
    await trainerCtx.close();
    await reviewerCtx.close();
    await teacherCtx.close();
  }
});

test("every unit reached from the player's sidebar, without a reload, records what it needs: the PDF opened, the video played, the quiz passed", async ({ browser }) => {
  test.setTimeout(120_000);
  const trainerCtx = await browser.newContext();
  const reviewerCtx = await browser.newContext();
  const teacherCtx = await browser.newContext();
  try {
    // ── A published course: a video, a quiz and a PDF document ────────────────────────────────
    const trainer = await trainerCtx.newPage();
    await signedIn(trainer, "hunan", "hn_trainer");
    await trainer.goto(urlFor("hunan", "/trainer/courses/new"));
    await waitForHydration(trainer);
    const title = `侧栏学习课程${Date.now() % 1_000_000}`;
    await trainer.getByLabel("课程名称").fill(title);
    await trainer.getByLabel("小学").check();
    await trainer.getByLabel("适用学科（用逗号分隔）").fill("语文");
    await trainer.getByLabel("课程分类").selectOption({ label: "学科教学" });
    await trainer.getByLabel("开课机构").selectOption({ index: 1 });
    await trainer.getByLabel("总学时").fill("3");
    await trainer.getByTestId("facts-submit").click();
    await expect(trainer.getByTestId("course-title")).toHaveText(title);
    await waitForHydration(trainer);
    await addVideo(trainer);
    await addQuiz(trainer, 2);
    await addDocument(trainer, 3);
    await trainer.getByTestId("submit-review").click();
    await expect(trainer.getByTestId("version-status")).toHaveAttribute("data-status", "inReview");

    const reviewer = await reviewerCtx.newPage();
    await signedIn(reviewer, "hunan", "hn_reviewer");
    await reviewer.goto(urlFor("hunan", "/review"));
    await reviewer.getByTestId("review-row").filter({ hasText: title }).getByTestId("open-review").click();
    await waitForHydration(reviewer);
    await reviewer.getByTestId("approve").click();
    await expect(reviewer.getByTestId("review-done")).toBeVisible();

    // ── The teacher enrols and lands on the first unit, the video (the only full page load) ─────
    const teacher = await teacherCtx.newPage();
    await signedIn(teacher, "hunan", "hn_teacher2");
    await teacher.goto(urlFor("hunan", `/courses?q=${encodeURIComponent(title)}`));
    await waitForHydration(teacher);
    await teacher.getByTestId("course-card").getByRole("link", { name: title }).click();
    await waitForHydration(teacher);
    await teacher.getByRole("button", { name: "报名学习" }).click();
    await expect(teacher.getByTestId("unit-video")).toBeVisible();
    await waitForHydration(teacher);

    // On a phone (390×844) the video is on the first screen, and the outline comes after it.
    const desktop = teacher.viewportSize()!;
    await teacher.setViewportSize({ width: 390, height: 844 });
    await teacher.evaluate(() => window.scrollTo(0, 0));
    const video = (await teacher.getByTestId("unit-video").boundingBox())!;
    expect(video.y).toBeGreaterThanOrEqual(0);
    expect(video.y).toBeLessThan(844);
    expect((await teacher.locator(".yx-learning-sidebar").boundingBox())!.y).toBeGreaterThanOrEqual(video.y + video.height);
    await teacher.setViewportSize(desktop);

    await teacher.evaluate(() => ((window as unknown as { yxSamePage: boolean }).yxSamePage = true));
    const sidebar = teacher.locator(".yx-learning-sidebar");
    const states = sidebar.locator('[data-testid^="unit-state-"]');
    await expect(states).toHaveCount(3);

    // The document, from the sidebar: opening it is what completes it.
    await sidebar.getByRole("link", { name: "课标解读讲义" }).click();
    await expect(teacher.getByTestId("pdf-viewer")).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
    await expect(states.nth(2)).toHaveAttribute("data-state", "complete");
    await expect(states.nth(2)).toHaveText("已完成");

    // The quiz (two attempts allowed), from the sidebar: failed once, then passed.
    await sidebar.getByRole("link", { name: "课后测验" }).click();
    await teacher.getByRole("button", { name: "开始作答" }).click();
    await teacher.getByTestId("quiz-question").getByLabel("教学进度").check();
    await teacher.getByRole("button", { name: "提交答卷" }).click();
    await expect(teacher.getByTestId("quiz-result")).toHaveAttribute("data-passed", "false");
    await expect(teacher.getByTestId("quiz-attempts-left")).toHaveText("剩余作答次数：1");
    await teacher.getByRole("button", { name: "开始作答" }).click();
    // The last result is not shown over the new attempt.
    await expect(teacher.getByTestId("quiz-result")).toHaveCount(0);
    await teacher.getByTestId("quiz-question").getByLabel("单元学习目标").check();
    await teacher.getByRole("button", { name: "提交答卷" }).click();
    await expect(teacher.getByTestId("quiz-result")).toHaveAttribute("data-passed", "true");
    await expect(states.nth(1)).toHaveText("已完成");
    // The result shows once, and after the last allowed attempt there is no way to start another.
    await expect(teacher.getByTestId("quiz-result")).toHaveCount(1);
    await expect(teacher.getByTestId("quiz-no-attempts")).toHaveText("已用完 2 次作答机会。");
    await expect(teacher.getByRole("button", { name: "开始作答" })).toHaveCount(0);
    await expect(teacher.getByText("剩余作答次数")).toHaveCount(0);

    // Back to the video, from the sidebar: played to the end (muted, as autoplay allows).
    await sidebar.getByRole("link", { name: "导读视频" }).click();
    await expect(teacher.getByTestId("unit-video")).toBeVisible();
    await teacher.locator("video").evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await expect(states.nth(0)).toHaveText("已完成", { timeout: 30_000 });

    // All of it on the one page the teacher landed on: no reload recorded any of it.
    for (let i = 0; i < 3; i++) await expect(states.nth(i)).toHaveText("已完成");
    expect(await teacher.evaluate(() => (window as unknown as { yxSamePage?: boolean }).yxSamePage)).toBe(true);
  } finally {
    await trainerCtx.close();
    await reviewerCtx.close();
    await teacherCtx.close();
  }
});
