import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "@playwright/test";
import { signedIn, test, urlFor, waitForHydration } from "./support.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Issue 17 (decision 025) in 四川, whose seeded scheme is the 陕西 preset (学分; 网络研修 at the default 3 学时 = 1
 * 学分, ≥ 120 a cycle of which 集中 ≥ 30): a teacher's 30 学时 of 网络研修 are 10 学分. The province admin
 * copies the scheme into a draft, lowers the requirement to 10 学分 with no 集中 minimum and counts 网络研修 1 : 1,
 * sees that the teacher's status changes in the preview, publishes; the teacher's 为何 page now says 30 学分.
 */
test("an admin publishes a scheme change after its preview, and a teacher's 为何是 X 学分 changes", async ({ browser }) => {
  test.setTimeout(180_000);
  const teacherCtx = await browser.newContext();
  const countyCtx = await browser.newContext();
  const adminCtx = await browser.newContext();
  try {
    // ── 黄磊 declares 30 学时 of 网络研修; the county admin approves them ──────────────────────────────
    const teacher = await teacherCtx.newPage();
    await signedIn(teacher, "sichuan", "sc_teacher2");
    const title = `省级网络研修（${Date.now() % 100000}）`;
    await teacher.goto(urlFor("sichuan", "/my/credits"));
    await waitForHydration(teacher);
    const form = teacher.getByTestId("external-award");
    await form.getByLabel("培训名称").fill(title);
    await form.getByLabel("发证单位").fill("四川省教育厅");
    await form.getByLabel("学时", { exact: true }).fill("30");
    await form.getByLabel("类别").selectOption("online");
    await form.getByLabel("主办级别").selectOption("provincial");
    await form.getByLabel("完成日期").fill(chinaToday());
    await form.getByLabel("证明材料").setInputFiles(path.join(here, "fixtures", "sample.pdf"));
    await expect(form.getByText("已上传：sample.pdf")).toBeVisible();
    await form.getByRole("button", { name: "提交申报" }).click();
    await expect(teacher.getByRole("status").filter({ hasText: "已提交，等待管理员审核。" })).toBeVisible();

    const county = await countyCtx.newPage();
    await signedIn(county, "sichuan", "sc_county");
    await county.goto(urlFor("sichuan", "/admin/credits/requests"));
    await waitForHydration(county);
    county.once("dialog", (d) => void d.accept());
    await county.getByTestId("external-request").filter({ hasText: title }).getByRole("button", { name: "通过" }).click();
    await expect(county.getByRole("status").filter({ hasText: "已通过，学时已计入。" })).toBeVisible();
    // A county admin reads the scheme but has nothing to edit.
    await county.goto(urlFor("sichuan", "/admin/credits/scheme"));
    await expect(county.getByTestId("scheme-in-effect")).toContainText("陕西省中小学教师继续教育学分管理");
    await expect(county.getByRole("link", { name: "编辑草稿" })).toHaveCount(0);
    expect((await county.goto(urlFor("sichuan", "/admin/credits/scheme/draft")))?.status()).toBe(403);

    // ── 我的学时 → 为何是 10 学分: the award at the default rate ─────────────────────────────────────
    await teacher.goto(urlFor("sichuan", "/my/credits"));
    await expect(teacher.getByTestId("credit-scheme")).toContainText("陕西省中小学教师继续教育学分管理");
    // sc_teacher2 appears in no other spec: these 10 学分 are all they have.
    const before = Number(await teacher.getByTestId("cycle-hours").innerText());
    expect(before).toBe(10);
    await teacher.getByTestId("why-link").click();
    await expect(teacher).toHaveURL(urlFor("sichuan", "/my/credits/why"));
    const award = teacher.getByTestId("why-award").filter({ hasText: title });
    await expect(award).toContainText("30 学时 × 1/3 = 10 学分（默认折算）");
    await expect(teacher.getByRole("heading", { level: 1 })).toHaveText(`为何是 ${before} 学分`);

    // ── The province admin: a draft from the scheme in effect, a refused save, a good one ───────────
    const admin = await adminCtx.newPage();
    await signedIn(admin, "sichuan", "sc_admin");
    await admin.goto(urlFor("sichuan", "/admin/credits/scheme"));
    await admin.getByRole("button", { name: "基于当前版本新建草稿" }).click();
    await expect(admin).toHaveURL(urlFor("sichuan", "/admin/credits/scheme/draft"));
    const draft = admin.getByRole("form", { name: "编辑草稿" });
    await draft.getByLabel("每周期不少于").fill("10");
    await draft.getByLabel("集中培训 周期最低").fill("");
    // The first blank conversion row (the preset has four rules).
    await draft.getByLabel("第 5 行 类别").selectOption("online");
    await draft.getByLabel("第 5 行 折算率").fill("一");
    await draft.getByRole("button", { name: "保存草稿" }).click();
    await expect(admin.getByTestId("scheme-errors")).toContainText("处需要修改，未保存");
    await expect(admin.getByLabel("第 5 行 折算率")).toHaveAttribute("aria-invalid", "true");
    await expect(admin.locator('[data-field="conversions.4.rate"]')).toHaveText("请填写数字");
    // What was typed is kept; fix the rate and save.
    await expect(admin.getByLabel("每周期不少于")).toHaveValue("10");
    await admin.getByLabel("第 5 行 折算率").fill("1");
    await admin.getByRole("button", { name: "保存草稿" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "草稿已保存。" })).toBeVisible();

    // ── 预览: 黄磊 goes to 已达标 with 30 学分; then 发布 with the confirmation ─────────────────────
    await admin.getByRole("link", { name: "预览与发布" }).first().click();
    await expect(admin).toHaveURL(urlFor("sichuan", "/admin/credits/scheme/preview"));
    await expect(admin.getByTestId("preview-counts")).toContainText(/共 \d+ 位教师，[1-9]\d* 位状态或后果标记会变化/);
    const row = admin.getByTestId("preview-teachers").getByRole("row").filter({ hasText: "黄磊" });
    await expect(row).toContainText(`（${before} 学分）`);
    await expect(row).toContainText("已达标（30 学分）");
    await admin.getByLabel(/我已查看预览，确认发布第 2 版/).check();
    await admin.getByRole("button", { name: "发布" }).click();
    await expect(admin).toHaveURL(/\/admin\/credits\/scheme\?published=2/);
    await expect(admin.getByRole("status")).toContainText("已发布第 2 版");
    await expect(admin.getByRole("status")).toContainText(/已按新方案重新计算 \d+ 位教师的状态/);
    await expect(admin.getByTestId("scheme-in-effect")).toContainText("当前生效：第 2 版");
    await expect(admin.getByTestId("scheme-version")).toHaveCount(2);

    // ── The teacher's explanation now applies the new rule ─────────────────────────────────────────
    await teacher.goto(urlFor("sichuan", "/my/credits/why"));
    await expect(teacher.getByTestId("why-award").filter({ hasText: title })).toContainText("30 学时 × 1 = 30 学分（网络研修）");
    await expect(teacher.getByTestId("why-status")).toHaveText("已达标");
    await teacher.goto(urlFor("sichuan", "/my/credits"));
    await expect(teacher.getByTestId("cycle-hours")).toHaveText("30");
  } finally {
    await teacherCtx.close();
    await countyCtx.close();
    await adminCtx.close();
  }
});
