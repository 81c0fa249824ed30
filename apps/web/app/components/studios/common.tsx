import { Form, useActionData, useNavigation, useRouteLoaderData, type useLoaderData } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { EmptyState } from "@yanxiu/ui/layout";
import type { TActionResult } from "../../lib/action-result.server.ts";
import type { loader as studioLoader } from "../../routes/studios.$studioId.tsx";

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

/** The studio layout's data (routes/studios.$studioId.tsx): its facts, the viewer's place and permissions. */
export type TStudioHead = ReturnType<typeof useLoaderData<typeof studioLoader>>;

/** The studio layout's data, for the tab inside it. */
export function useStudioHead(): TStudioHead {
  return useRouteLoaderData<typeof studioLoader>("routes/studios.$studioId")!;
}

/** A tab route's loader data. */
export type TTabData<L> = ReturnType<typeof useLoaderData<L>>;

/** What a tab's component gets: the studio with the tab's own loader data, its form's last answer, whether a form is on its way. */
export type TTabProps<D> = { d: TStudioHead & D; result: TActionResult | undefined; busy: boolean };

/**
 * A tab route's page: what its last form came to (the success, or a refusal no field shows), then the tab.
 * `done` names each intent's success message.
 */
export function StudioTab<D extends object>(props: { data: D; done: Record<string, TMessageKey>; children: (p: TTabProps<D>) => ReactNode }) {
  const head = useStudioHead();
  const result = useActionData() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const hasFieldErrors = result && !result.ok && Object.keys(result.fieldErrors).length > 0;
  return (
    <>
      {result?.ok ? (
        <p className="yx-success" role="status">
          {t(props.done[result.intent] ?? "studios.join.done")}
        </p>
      ) : result && !hasFieldErrors ? (
        <p className="yx-alert" role="alert">
          {t(errorMessageKey(result.code))}
        </p>
      ) : null}
      {props.children({ d: { ...head, ...props.data }, result, busy })}
    </>
  );
}
