import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { toAppError } from "@yanxiu/domain/errors";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const r = await load(context.services.people.getTeacher({ actor, userId: params.userId ?? "" }));
  return {
    userId: r.user.id,
    login: r.user.login,
    status: r.user.status,
    mustChangePassword: r.user.mustChangePassword,
    name: r.profile.name,
    teacherNo: r.profile.teacherNo,
    phone: r.profile.phone,
    email: r.profile.email,
    school: `${r.schoolName}（${r.schoolCode}）`,
    stages: r.profile.stages,
    subjects: r.profile.subjects,
    title: r.profile.title,
    // Whether a 身份证号 was registered (decision 037); its hash never leaves the server.
    idNumberRegistered: r.profile.idNumberHash !== null,
    transfers: r.transfers.map((m) => ({ at: m.movedAt.toISOString(), to: m.toSchool })),
  };
}

type TResult = { intent: string; ok: boolean; password?: string; message?: string; field?: string };

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const { intent, ...input } = await readForm(request);
  const userId = params.userId ?? "";
  const p = context.services.people;
  try {
    if (intent === "resetPassword") {
      const r = await p.resetPassword({ actor, input: { userId } });
      return data<TResult>({ intent, ok: true, password: r.password });
    }
    if (intent === "deactivate" || intent === "reactivate") {
      await p.setAccountStatus({ actor, input: { userId, status: intent === "deactivate" ? "disabled" : "active" } });
      return data<TResult>({ intent, ok: true });
    }
    if (intent === "profile") {
      const { "stages[]": stages, ...rest } = input;
      await p.updateTeacherProfile({ actor, input: { ...rest, userId, stages: stages ?? [] } });
      return data<TResult>({ intent, ok: true });
    }
    if (intent === "transfer") {
      await p.transferTeacher({ actor, input: { userId, schoolCode: input.schoolCode } });
      return data<TResult>({ intent, ok: true });
    }
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "notFound") fail("notFound");
    if (err.code === "internal" || err.code === "unavailable") throw e;
    const reason = Object.values(err.fieldErrors ?? {})[0]?.[0];
    return data<TResult>({ intent: String(intent), ok: false, message: reason ? t(`field.${reason}` as TMessageKey) : t(errorMessageKey(err.code)) }, { status: err.status });
  }
  fail("badRequest");
}

const stageIds = ["preschool", "primary", "juniorSecondary", "seniorSecondary", "vocational", "special"] as const;

const confirmed = (text: string) => (e: React.FormEvent) => {
  if (!window.confirm(text)) e.preventDefault();
};

export default function Person() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="yx-stack">
      <p>
        <Link to="/admin/people">{t("person.back")}</Link>
      </p>
      <h1>
        {d.name} <span className="yx-muted">{d.teacherNo}</span>
        {d.status === "disabled" ? <span className="yx-badge">{t("person.disabled")}</span> : null}
      </h1>
      {r && !r.ok ? <p className="yx-alert" role="alert">{r.message}</p> : null}
      {r?.ok && r.password ? (
        <p className="yx-success" role="status" data-testid="temporary-password">
          {t("person.tempPassword", { login: d.login })} <strong>{r.password}</strong>
        </p>
      ) : r?.ok ? (
        <p className="yx-success" role="status">{t("common.saved")}</p>
      ) : null}
      <Card title={t("person.profile")}>
        <dl className="yx-facts">
          <dt>{t("person.login")}</dt>
          <dd>{d.login}</dd>
          <dt>{t("admin.people.school")}</dt>
          <dd>{d.school}</dd>
          <dt>{t("admin.people.phone")}</dt>
          <dd>{d.phone}</dd>
          <dt>{t("admin.people.stage")}</dt>
          <dd>{d.stages.map((s) => t(`stage.${s}` as TMessageKey)).join("、")}</dd>
          <dt>{t("admin.people.subject")}</dt>
          <dd>{d.subjects.join("、")}</dd>
          <dt>{t("admin.people.titleFilter")}</dt>
          <dd>{d.title ?? "—"}</dd>
          <dt>{t("person.idNumber")}</dt>
          <dd data-testid="id-number-state">{t(d.idNumberRegistered ? "person.idNumber.registered" : "person.idNumber.missing")}</dd>
        </dl>
      </Card>
      <Card title={t("person.edit")}>
        <Form method="post" className="yx-form-grid" key={`${d.name}-${d.phone}`}>
          <input type="hidden" name="intent" value="profile" />
          <label>
            {t("admin.people.name")}
            <input name="name" defaultValue={d.name} required />
          </label>
          <label>
            {t("admin.people.phone")}
            <input name="phone" defaultValue={d.phone} required inputMode="tel" />
          </label>
          <label>
            {t("person.email")}
            <input name="email" defaultValue={d.email ?? ""} type="email" />
          </label>
          <label>
            {t("admin.people.titleFilter")}
            <input name="title" defaultValue={d.title ?? ""} />
          </label>
          <label>
            {t("person.subjectsHint")}
            <input name="subjects" defaultValue={d.subjects.join("、")} />
          </label>
          <fieldset>
            <legend>{t("admin.people.stage")}</legend>
            {stageIds.map((s) => (
              <label key={s} className="yx-check">
                <input type="checkbox" name="stages[]" value={s} defaultChecked={d.stages.includes(s)} /> {t(`stage.${s}` as TMessageKey)}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="yx-primary" disabled={busy}>{t("person.save")}</button>
        </Form>
      </Card>
      <Card title={t("person.account")}>
        <Form method="post" className="yx-inline-form" onSubmit={confirmed(t("person.confirmReset", { name: d.name }))}>
          <input type="hidden" name="intent" value="resetPassword" />
          <button type="submit" disabled={busy}>{t("person.resetPassword")}</button>
        </Form>
        {d.status === "active" ? (
          <Form method="post" className="yx-inline-form" onSubmit={confirmed(t("person.confirmDeactivate", { name: d.name }))}>
            <input type="hidden" name="intent" value="deactivate" />
            <button type="submit" className="yx-danger" disabled={busy}>{t("person.deactivate")}</button>
          </Form>
        ) : (
          <Form method="post" className="yx-inline-form">
            <input type="hidden" name="intent" value="reactivate" />
            <button type="submit" disabled={busy}>{t("person.reactivate")}</button>
          </Form>
        )}
      </Card>
      <Card title={t("person.transfer")}>
        <Form method="post" className="yx-inline-form">
          <input type="hidden" name="intent" value="transfer" />
          <label>
            {t("person.newSchoolCode")} <input name="schoolCode" required />
          </label>
          <button type="submit" disabled={busy}>{t("person.doTransfer")}</button>
        </Form>
        <ol className="yx-list" aria-label={t("person.history")}>
          {d.transfers.map((m) => (
            <li key={m.at}>
              <time dateTime={m.at}>{new Date(m.at).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" })}</time> {m.to}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
