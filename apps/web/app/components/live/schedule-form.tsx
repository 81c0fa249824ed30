import { Form } from "@remix-run/react";
import { t } from "@yanxiu/ui/i18n";
import type { TActionResult } from "../../lib/action-result.server.ts";
import { errorFor } from "../../lib/authoring.ts";
import { StudioField } from "../studios/fields.tsx";

/**
 * The form that schedules a live session (intent `scheduleLive`): title, start (China time) and minutes,
 * with the hidden fields that say what it is for (a studio activity, a course unit).
 */
export function ScheduleLiveForm(props: {
  idPrefix: string;
  label: string;
  hidden: Record<string, string>;
  /** `start` is never in the past (see suggestedLiveStart); `earliest` is now, as the input's `min`. */
  defaults: { title: string; start: string; minutes: number; earliest?: string };
  result: TActionResult | undefined;
  busy: boolean;
}) {
  const err = (name: string) => errorFor(props.result, "scheduleLive", name);
  const p = props.idPrefix;
  return (
    <Form method="post" noValidate aria-label={props.label} data-testid="schedule-live-form">
      <input type="hidden" name="intent" value="scheduleLive" />
      {Object.entries(props.hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <StudioField id={`${p}-title`} label={t("live.schedule.titleField")} error={err("title")}>
        {(db) => <input id={`${p}-title`} name="title" required maxLength={100} defaultValue={props.defaults.title} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-start`} label={t("live.schedule.start")} error={err("scheduledStart")}>
        {(db) => <input id={`${p}-start`} name="scheduledStart" type="datetime-local" required min={props.defaults.earliest} defaultValue={props.defaults.start} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-minutes`} label={t("live.schedule.minutes")} error={err("scheduledMinutes")}>
        {(db) => <input id={`${p}-minutes`} name="scheduledMinutes" type="number" min={5} max={1440} step={5} required defaultValue={props.defaults.minutes} aria-describedby={db} />}
      </StudioField>
      <button type="submit" className="yx-primary" disabled={props.busy} data-testid="schedule-live">
        {t("live.schedule.submit")}
      </button>
    </Form>
  );
}
