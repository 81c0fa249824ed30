import { expect, test } from "@playwright/test";
import { signIn, signOut, urlFor, waitForHydration } from "./support.ts";

test("a Hunan teacher signs in and sees the Chinese home page", async ({ page }) => {
  await signIn(page, "hunan", "hn_teacher1");
  await expect(page).toHaveURL(urlFor("hunan", "/"));
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("王芳，欢迎来到湖南省研修平台");
  await expect(page.getByTestId("signed-in-as")).toHaveText("王芳（教师）");
  await expect(page.getByRole("region", { name: "我的学时" })).toContainText("360 学时");
});

test("a second Hunan user appears online on the first page without a reload", async ({ browser }) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  try {
    const a = await first.newPage();
    await signIn(a, "hunan", "hn_teacher1");
    const presence = a.getByTestId("presence");
    await expect(presence).toContainText("1 人在线");
    await expect(presence).not.toContainText("李明");
    let navigations = 0;
    a.on("framenavigated", () => navigations++);

    const b = await second.newPage();
    await signIn(b, "hunan", "hn_teacher2");
    await expect(b.getByTestId("presence")).toContainText("王芳");

    await expect(presence).toContainText("李明");
    await expect(presence).toContainText("2 人在线");
    expect(navigations).toBe(0);

    // And leaves it again when they sign out.
    await signOut(b);
    await expect(b).toHaveURL(urlFor("hunan", "/login"));
    await expect(presence).not.toContainText("李明");
  } finally {
    await first.close();
    await second.close();
  }
});

test("a Sichuan user never shows up in Hunan's online list", async ({ browser }) => {
  const hn = await browser.newContext();
  const sc = await browser.newContext();
  try {
    const a = await hn.newPage();
    await signIn(a, "hunan", "hn_teacher3");
    await expect(a.getByTestId("presence")).toContainText("张伟");
    const b = await sc.newPage();
    await signIn(b, "sichuan", "sc_teacher1");
    await expect(b.getByTestId("presence")).toContainText("赵静");
    await expect(b.getByTestId("presence")).not.toContainText("张伟");
    // Give a wrongly routed broadcast time to arrive before checking it did not.
    await a.waitForTimeout(1000);
    await expect(a.getByTestId("presence")).not.toContainText("赵静");
  } finally {
    await hn.close();
    await sc.close();
  }
});

test("Hunan credentials fail at sichuan.localhost with the same message as a wrong password", async ({ page }) => {
  await signIn(page, "sichuan", "hn_teacher1");
  await expect(page.getByTestId("sign-in-error")).toHaveText("账号或密码错误。");
  await expect(page).toHaveURL(urlFor("sichuan", "/login"));
  await signIn(page, "hunan", "hn_teacher1", "wrong-password");
  await expect(page.getByTestId("sign-in-error")).toHaveText("账号或密码错误。");
});

test("the Hunan session cookie is host-only, HttpOnly and SameSite=Lax, and is not sent to Sichuan", async ({ page, context }) => {
  await signIn(page, "hunan", "hn_admin");
  await expect(page.getByTestId("signed-in-as")).toContainText("省级管理员");
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "yx_session");
  expect(session).toMatchObject({ domain: "hunan.localhost", httpOnly: true, sameSite: "Lax", path: "/" });
  await page.goto(urlFor("sichuan", "/"));
  await expect(page).toHaveURL(urlFor("sichuan", "/login"));
});

test("the platform operator signs in on the bare platform host", async ({ page }) => {
  await signIn(page, null as unknown as string, "operator");
  await expect(page.getByTestId("signed-in-as")).toHaveText("平台运营员（平台运营）");
  // The platform's own tenant is named 研修平台: the welcome does not say it twice.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("平台运营员，欢迎进入平台运营控制台");
  await expect(page.getByRole("region", { name: "省份租户" })).toBeVisible();
});

test("a signed-out visitor is sent to the sign-in page, and sign-out ends the session", async ({ page, context }) => {
  await page.goto(urlFor("hunan", "/"));
  await expect(page).toHaveURL(urlFor("hunan", "/login"));
  await signIn(page, "hunan", "hn_trainer");
  await expect(page.getByRole("region", { name: "我发布的课程" })).toBeVisible();
  const token = (await context.cookies()).find((c) => c.name === "yx_session")!.value;
  await signOut(page);
  await expect(page).toHaveURL(urlFor("hunan", "/login"));
  // The old token is dead on the server, not just forgotten by the browser.
  await context.addCookies([{ name: "yx_session", value: token, domain: "hunan.localhost", path: "/" }]);
  await page.goto(urlFor("hunan", "/"));
  await expect(page).toHaveURL(urlFor("hunan", "/login"));
});

test("the sign-in form can be used with the keyboard alone", async ({ page }) => {
  await page.goto(urlFor("hunan", "/login"));
  await waitForHydration(page);
  await expect(page.getByLabel("账号")).toBeFocused();
  await page.keyboard.type("hn_mingshi");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Yanxiu@2026");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("signed-in-as")).toHaveText("谭晓红（名师）");
});

test("an empty form shows field errors in Chinese", async ({ page }) => {
  await page.goto(urlFor("hunan", "/login"));
  await waitForHydration(page);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.locator("#login-error")).toHaveText("必填");
  await expect(page.locator("#password-error")).toHaveText("必填");
});
