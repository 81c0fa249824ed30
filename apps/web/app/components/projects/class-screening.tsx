import { Form } from "@remix-run/react";
import { t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { chinaDateTime } from "../../lib/china-time.ts";
import { confirmOn } from "./action-banner.tsx";

type TPerson = { id: string; name: string; school: string | null; state: string; round: number | null; appliedAt: string; reason: string };
export type TScreenedClass = { id: string; name: string; cap: number | null; minSize: number | null; applicants: number; cancelled: boolean; subscription: string | null; people: TPerson[] };

/**
 * 筛选 of one oversubscribed class (decision 035): its live applicants with a box each (admitted ones ticked by
 * default up to the cap, in order of application), the reason the rest get, and 录取所选 or 按报名先后录取.
 */
export function ClassScreening({ c, busy }: { c: TScreenedClass; busy: boolean }) {
  const live = c.people.filter((p) => p.state === "reviewing" || p.state === "approved");
  const cap = c.cap ?? 0;
  return (
    <Card title={t("projects.rounds.screenTitle", { name: c.name, cap, n: live.length })} testId="screen-class">
      <p className="yx-muted">{t("projects.rounds.screenHint")}</p>
      <Form method="post" className="yx-stack">
        <input type="hidden" name="classId" value={c.id} />
        <ul className="yx-stack-tight" data-testid="screen-applicants">
          {live.map((p, i) => (
            <li key={p.id}>
              <label>
                <input type="checkbox" name="admit" value={p.id} defaultChecked={i < cap} /> {p.name}
                <span className="yx-muted">
                  {" "}
                  {p.school ?? ""} · {t("projects.rounds.roundOf", { n: p.round ?? 1 })} · {chinaDateTime(p.appliedAt)}
                </span>
              </label>
            </li>
          ))}
        </ul>
        <label htmlFor={`reason-${c.id}`}>{t("projects.rounds.reason")}</label>
        <input id={`reason-${c.id}`} name="reason" required maxLength={200} defaultValue={t("projects.rounds.reasonDefault")} />
        <p className="yx-inline-form">
          <button type="submit" name="intent" value="screen" className="yx-primary" style={{ width: "auto" }} disabled={busy} onClick={confirmClick(t("projects.rounds.screenChosenConfirm"))}>
            {t("projects.rounds.screenChosen")}
          </button>
          <button type="submit" name="intent" value="screenByOrder" disabled={busy} onClick={confirmClick(t("projects.rounds.screenByOrderConfirm", { cap }))}>
            {t("projects.rounds.screenByOrder")}
          </button>
        </p>
      </Form>
    </Card>
  );
}

/** 取消开班 of one class under its minimum, after a confirmation naming how many are released. */
export function CancelClass({ c, busy }: { c: TScreenedClass; busy: boolean }) {
  return (
    <Form method="post" className="yx-inline-form" onSubmit={confirmOn(t("projects.rounds.cancelConfirm", { name: c.name, n: c.applicants }))}>
      <input type="hidden" name="intent" value="cancel" />
      <input type="hidden" name="classId" value={c.id} />
      <input type="hidden" name="confirm" value="on" />
      <button type="submit" className="yx-danger" disabled={busy} data-testid="cancel-class">
        {t("projects.rounds.cancel")}
      </button>
    </Form>
  );
}

/** A submit button that asks first (the form has two buttons with different questions). */
const confirmClick = (message: string) => (e: React.MouseEvent) => {
  if (!window.confirm(message)) e.preventDefault();
};
