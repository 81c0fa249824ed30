import { Form } from "@remix-run/react";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";

type TRollCall = {
  project: { startsOn: string; requiredDays: number };
  day: string;
  lastDay: string;
  classCode: string;
  classes: string[];
  canSave: boolean;
  rows: { id: string; name: string; school: string; province: string; classCode: string; state: "enrolled" | "completed" | "withdrawn"; present: boolean; attended: number }[];
};
type TResult = { ok: boolean; intent?: string; message?: string; marked?: number; unmarked?: number };

/**
 * 按日点名 on a national project (decision 021, addendum): pick a day and a class (a GET form, so the choice is in
 * the URL and works without script), tick who was there, save. Only trainees in training can change; the save
 * sends the ids it showed, so a trainee not on the list is left alone.
 */
export function NationalRollCallCard(props: { roll: TRollCall; manages: boolean; keep: Record<string, string>; result?: TResult; busy: boolean }) {
  const { roll, result: r } = props;
  const required = roll.project.requiredDays;
  const editable = roll.rows.filter((x) => x.state === "enrolled");
  return (
    <Card title={t("national.roll.title")} testId="national-roll-call">
      <p className="yx-muted">{t("national.roll.intro")}</p>
      <Form method="get" className="yx-filters" aria-label={t("national.roll.pick")}>
        {Object.entries(props.keep)
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
        <label>
          {t("national.roll.day")}
          <input name="day" type="date" defaultValue={roll.day} min={roll.project.startsOn} max={roll.lastDay} required key={roll.day} />
        </label>
        <label>
          {t("national.roll.class")}
          <select name="rollClass" defaultValue={roll.classCode} key={roll.classCode}>
            {roll.classes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
            {props.manages ? <option value="-">{t("national.noClass")}</option> : null}
            <option value="">{t("national.roll.allClasses")}</option>
          </select>
        </label>
        <button type="submit">{t("national.roll.show")}</button>
      </Form>
      {r && r.intent === "rollCall" ? (
        r.ok ? (
          <p className="yx-success" role="status">
            {t("national.roll.saved", { marked: r.marked ?? 0, unmarked: r.unmarked ?? 0 })}
          </p>
        ) : (
          <p className="yx-alert" role="alert">
            {r.message}
          </p>
        )
      ) : null}
      {roll.rows.length === 0 ? (
        <EmptyState>{t("national.roll.empty")}</EmptyState>
      ) : (
        // Keyed by what it shows: after a save or a new day the boxes start from the stored marks again.
        <Form method="post" key={`${roll.day}|${roll.classCode}|${roll.rows.map((x) => (x.present ? 1 : 0)).join("")}`} aria-label={t("national.roll.list", { day: roll.day })}>
          <input type="hidden" name="intent" value="rollCall" />
          <input type="hidden" name="day" value={roll.day} />
          <input type="hidden" name="classCode" value={roll.classCode} />
          {editable.map((x) => (
            <input key={x.id} type="hidden" name="traineeIds" value={x.id} />
          ))}
          <ul className="yx-rollcall" data-testid="roll-call-list">
            {roll.rows.map((x) => (
              <li key={x.id} data-trainee={x.name}>
                <label>
                  <input type="checkbox" name="present" value={x.id} defaultChecked={x.present} disabled={!roll.canSave || x.state !== "enrolled"} />
                  <span>
                    {x.name}
                    {x.state !== "enrolled" ? t("national.roll.frozen", { state: t(`national.state.${x.state}` as TMessageKey) }) : null}
                    <span className="yx-muted">
                      {x.classCode || t("national.noClass")} · {x.school} · <span className="yx-rollcall-days">{t("national.roll.attended", { attended: x.attended, required })}</span>
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {roll.canSave && editable.length > 0 ? (
            <div className="yx-rollcall-actions">
              <button type="submit" className="yx-primary" disabled={props.busy}>
                {t("national.roll.save")}
              </button>
            </div>
          ) : roll.day > roll.lastDay ? (
            <p className="yx-muted">{t("national.roll.notYet")}</p>
          ) : null}
        </Form>
      )}
    </Card>
  );
}
