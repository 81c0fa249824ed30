import type { useLoaderData } from "@remix-run/react";
import type { loader } from "../../routes/studios.$studioId.tsx";
import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { t } from "@yanxiu/ui/i18n";
import { EmptyState } from "@yanxiu/ui/layout";
import type { TActionResult } from "../../lib/action-result.server.ts";

/** A key that changes after each success of `intent`, so the form it keys starts empty again. */
export function useFreshKey(result: TActionResult | undefined, intent: string): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    if (result?.ok && result.intent === intent) setN((x) => x + 1);
  }, [result, intent]);
  return n;
}

/** A one-button form, with a confirmation when the action cannot be undone. */
export function ActionButton(props: { intent: string; label: string; fields?: Record<string, string>; confirm?: string; danger?: boolean; busy: boolean; testId?: string }) {
  return (
    <Form
      method="post"
      className="yx-inline-form"
      onSubmit={(e) => {
        if (props.confirm && !window.confirm(props.confirm)) e.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={props.intent} />
      {Object.entries(props.fields ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" className={props.danger ? "yx-danger" : "yx-link-button"} disabled={props.busy} data-testid={props.testId}>
        {props.label}
      </button>
    </Form>
  );
}

export function MembersOnly() {
  return (
    <div data-testid="members-only">
      <EmptyState>{t("studios.membersOnly")}</EmptyState>
    </div>
  );
}

/** The studio page's loader data, as each tab receives it. */
export type TData = ReturnType<typeof useLoaderData<typeof loader>>;
export type TSession = NonNullable<TData["sessions"]>[number];

export type TTabProps = { d: TData; result: TActionResult | undefined; busy: boolean };
