import { expect, test } from "@playwright/test";
import { signIn, signedIn, urlFor, waitForHydration } from "./support.ts";

test("an admin resets a teacher's password, the teacher must change it, and deactivation cuts them off at once", async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const teacherCtx = await browser.newContext();
  try {
    const admin = await adminCtx.newPage();
    await signedIn(admin, "hunan", "hn_county");
    await admin.goto(urlFor("hunan", "/admin/people?q=陈雪"));
    await admin.getByRole("link", { name: "陈雪" }).click();
    await expect(admin.getByRole("heading", { level: 1 })).toContainText("陈雪");

    admin.once("dialog", (d) => void d.accept());
    await admin.getByRole("button", { name: "重置密码" }).click();
    const shown = admin.getByTestId("temporary-password");
    await expect(shown).toBeVisible();
    const password = (await shown.locator("strong").textContent())!.trim();
    const login = (await admin.locator("dl dd").first().textContent())!.trim();
    expect(password).toMatch(/^[A-Za-z2-9]{10}$/);

    // First sign-in with the temporary password lands on the forced change.
    const teacher = await teacherCtx.newPage();
    await signIn(teacher, "hunan", login, password);
    await expect(teacher).toHaveURL(urlFor("hunan", "/account/password"));
    await expect(teacher.getByRole("alert")).toContainText("临时密码");
    await teacher.getByLabel("当前密码").fill(password);
    await teacher.getByLabel("新密码（至少 8 位）").fill("xueqing-2026");
    await teacher.getByLabel("再次输入新密码").fill("xueqing-2026");
    await teacher.getByRole("button", { name: "保存新密码" }).click();
    await expect(teacher.getByTestId("signed-in-as")).toHaveText("陈雪（教师）");
    await expect(teacher.getByTestId("presence")).toContainText("人在线");

    // Deactivation: the teacher's live connection drops without them doing anything.
    admin.once("dialog", (d) => void d.accept());
    await admin.getByRole("button", { name: "停用账号" }).click();
    await expect(admin.getByRole("heading", { level: 1 })).toContainText("已停用");
    await expect(teacher.getByTestId("presence")).toContainText("实时连接已断开");
    await teacher.reload();
    await expect(teacher).toHaveURL(urlFor("hunan", "/login"));
    await waitForHydration(teacher);

    // Reactivated, the new password works again.
    await admin.getByRole("button", { name: "重新启用账号" }).click();
    await signIn(teacher, "hunan", login, "xueqing-2026");
    await expect(teacher.getByTestId("signed-in-as")).toHaveText("陈雪（教师）");
  } finally {
    await adminCtx.close();
    await teacherCtx.close();
  }
});

test("a county admin creates a master teacher at a school in the county; another county's school is refused", async ({ page }) => {
  await signedIn(page, "hunan", "hn_county");
  await page.goto(urlFor("hunan", "/admin/accounts"));
  await expect(page.getByTestId("staff-list")).toContainText("彭立新");
  await page.getByLabel("登录账号").fill("hn_ms_new");
  await page.getByLabel("姓名").fill("新名师");
  await page.getByLabel("角色").selectOption("masterTeacher");
  await page.getByLabel("所属机构").fill("4301040001");
  await page.getByRole("button", { name: "创建账号" }).click();
  await expect(page.getByTestId("account-created")).toContainText("hn_ms_new");
  await expect(page.getByTestId("staff-list")).toContainText("新名师");

  await page.getByLabel("登录账号").fill("hn_ms_out");
  await page.getByLabel("姓名").fill("越权");
  await page.getByLabel("所属机构").fill("4301030001"); // 天心区
  await page.getByRole("button", { name: "创建账号" }).click();
  await expect(page.getByRole("alert")).toContainText("所属机构");
  await expect(page.getByTestId("staff-list")).not.toContainText("越权");
});

test("an admin corrects a teacher's phone and subjects; a malformed phone is refused next to the form", async ({ page }) => {
  await signedIn(page, "hunan", "hn_county");
  await page.goto(urlFor("hunan", "/admin/people?q=胡文斌"));
  await page.getByRole("link", { name: "胡文斌" }).click();
  const edit = page.getByRole("region", { name: "编辑信息" });
  await edit.getByLabel("手机号").fill("１３７ 0000 8888");
  await edit.getByLabel("学科（多个用、分隔）").fill("数学、信息技术");
  await edit.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status")).toHaveText("已保存。");
  await expect(page.getByRole("region", { name: "基本信息" })).toContainText("13700008888");
  await expect(page.getByRole("region", { name: "基本信息" })).toContainText("数学、信息技术");
  await edit.getByLabel("手机号").fill("12345");
  await edit.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("alert")).toHaveText("手机号格式不正确");
});
