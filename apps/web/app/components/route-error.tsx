import { useRouteError } from "@remix-run/react";
import { t } from "@yanxiu/ui/i18n";
import { ErrorPanel } from "@yanxiu/ui/layout";
import { describeError } from "../lib/errors.ts";

/** The error boundary most routes share: the error's Chinese text, its status and a way home. */
export function RouteErrorBoundary() {
  const { status, message } = describeError(useRouteError());
  return <ErrorPanel status={status} title={t("error.title")} message={message} detail={t("error.status", { status })} homeHref="/" />;
}
