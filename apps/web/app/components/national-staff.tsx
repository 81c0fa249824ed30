import { Form } from "@remix-run/react";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";

type TStaff = { userId: string; login: string; displayName: string; classCode: string };
type TResult = { ok: boolean; intent?: string; message?: string; field?: string; created?: { login: string; password: string } };

/**
 * 实施院校: the operator's list of a national project's staff accounts and the class each serves (a staff member
 * sees and completes the trainees of their classes only), with a form that adds one — an existing platform
 * trainer by login, or a new account whose temporary password is shown once.
 */
export function NationalStaffCard(props: { staff: TStaff[]; result?: TResult; busy: boolean }) {
  const r = props.result;
  return (
    <Card title={t("national.staff.title")} testId="national-staff">
      <p className="yx-muted">{t("national.staff.intro")}</p>
      {r && !r.ok ? (
        <p className="yx-alert" role="alert">
          {r.field ? `${t(`national.staff.field.${r.field}` as TMessageKey)}：` : ""}
          {r.message}
        </p>
      ) : r?.created ? (
        <p className="yx-success" role="status" data-testid="staff-created">
          {t("national.staff.created", { login: r.created.login })}
          <strong>{r.created.password}</strong>
        </p>
      ) : r?.ok ? (
        <p className="yx-success" role="status">{t("common.saved")}</p>
      ) : null}
      {props.staff.length === 0 ? (
        <EmptyState>{t("national.staff.empty")}</EmptyState>
      ) : (
        <ScrollX label={t("common.scrollTable")}>
          <table className="yx-table" data-testid="national-staff-list">
            <thead>
              <tr>
                <th scope="col">{t("national.staff.col.name")}</th>
                <th scope="col">{t("national.staff.col.class")}</th>
                <th scope="col">{t("national.staff.col.action")}</th>
              </tr>
            </thead>
            <tbody>
              {props.staff.map((s) => (
                <tr key={`${s.userId}:${s.classCode}`} data-login={s.login}>
                  <th scope="row">
                    {s.displayName}
                    <div className="yx-muted">{s.login}</div>
                  </th>
                  <td>{s.classCode}</td>
                  <td>
                    <Form
                      method="post"
                      onSubmit={(e) => {
                        if (!window.confirm(t("national.staff.confirmRevoke", { name: s.displayName, class: s.classCode }))) e.preventDefault();
                      }}
                    >
                      <input type="hidden" name="intent" value="revokeStaff" />
                      <input type="hidden" name="userId" value={s.userId} />
                      <input type="hidden" name="classCode" value={s.classCode} />
                      <button type="submit" className="yx-danger" disabled={props.busy}>
                        {t("national.staff.revoke")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollX>
      )}
      <Form method="post" className="yx-form-grid" aria-label={t("national.staff.add")}>
        <input type="hidden" name="intent" value="addStaff" />
        <label>
          {t("national.staff.field.login")}
          <input name="login" required maxLength={64} autoComplete="off" />
        </label>
        <label>
          {t("national.staff.field.displayName")}
          <input name="displayName" maxLength={40} placeholder={t("national.staff.namePlaceholder")} />
        </label>
        <label>
          {t("national.staff.field.classCode")}
          <input name="classCode" required maxLength={30} />
        </label>
        <button type="submit" className="yx-primary" disabled={props.busy}>
          {t("national.staff.add")}
        </button>
      </Form>
    </Card>
  );
}
