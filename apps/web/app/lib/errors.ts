import { isRouteErrorResponse } from "@remix-run/react";
import { AppError } from "@yanxiu/domain/errors";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";

/** The status and Chinese message for whatever reached an ErrorBoundary; never a stack trace. */
export function describeError(error: unknown): { status: number; message: string } {
  if (isRouteErrorResponse(error)) {
    const code = (error.data as { code?: string } | null)?.code;
    return { status: error.status, message: t(errorMessageKey(code ?? (error.status === 404 ? "notFound" : "internal"))) };
  }
  if (error instanceof AppError) return { status: error.status, message: t(errorMessageKey(error.code)) };
  return { status: 500, message: t("error.internal") };
}
