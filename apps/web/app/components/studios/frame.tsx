import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import type { TActionResult } from "../../lib/action-result.server.ts";
import type { TShell } from "../../lib/guard.server.ts";
import { LearnerShell } from "../learning/shell.tsx";
import { StudioFactsForm, type TStudioFormDefaults, type TStudioFormOptions } from "./fields.tsx";

/** The frame of a studio's pages: the learner's shell, the way back, the heading. */
export function StudioFrame(props: { shell: TShell; back: { to: string; label: string }; title: ReactNode; children: ReactNode }) {
  return (
    <LearnerShell shell={props.shell}>
      <div className="yx-stack">
        <p>
          <Link to={props.back.to}>{props.back.label}</Link>
        </p>
        <h1>{props.title}</h1>
        {props.children}
      </div>
    </LearnerShell>
  );
}

/** The new-studio and edit-studio pages: the facts form in its card, then whatever else the page has. */
export function StudioFormPage(props: {
  shell: TShell;
  back: { to: string; label: string };
  intent: "create" | "edit";
  defaults: TStudioFormDefaults | null;
  options: TStudioFormOptions;
  result: TActionResult | undefined;
  busy: boolean;
  children?: ReactNode;
}) {
  const title = t(props.intent === "create" ? "studios.form.title.new" : "studios.form.title.edit");
  return (
    <StudioFrame shell={props.shell} back={props.back} title={title}>
      <Card title={title}>
        <StudioFactsForm intent={props.intent} defaults={props.defaults} options={props.options} result={props.result} busy={props.busy} />
      </Card>
      {props.children}
    </StudioFrame>
  );
}
