import { Button, Result } from "antd";
import type { ReactNode } from "react";
import { t } from "./i18n/index.ts";

/**
 * A page's content. The frame (side menu, top bar, account menu) is drawn once by the app's root around every
 * signed-in page (shell/app-frame.tsx), so this only keeps the page's blocks in one column. The props are the
 * old frame's and are ignored; pages drop them as they move to the design system (issue 15).
 */
export function AppShell(props: { tenantName?: string; user?: { displayName: string; roleLabel: string } | null; children: ReactNode }) {
  return <div className="yx-page">{props.children}</div>;
}

export function Card(props: { title: string; children: ReactNode; badge?: string; testId?: string }) {
  return (
    <section className="yx-card" data-testid={props.testId} aria-label={props.title}>
      <h2 className="yx-card-title">
        {props.title}
        {props.badge ? <span className="yx-badge">{props.badge}</span> : null}
      </h2>
      {props.children}
    </section>
  );
}

/** An honest empty state: says what is not there yet and why. */
export function EmptyState(props: { children: ReactNode }) {
  return <p className="yx-empty">{props.children}</p>;
}

function resultStatus(status: number | undefined): "404" | "403" | "500" | "warning" {
  if (status === 404) return "404";
  if (status === 403 || status === 401) return "403";
  if (status !== undefined && status >= 500) return "500";
  return "warning";
}

/** An error page: what went wrong in Chinese, the status, and a way home. */
export function ErrorPanel(props: { title: string; message: string; detail?: string; homeHref?: string; status?: number }) {
  return (
    <div className="yx-error" role="alert">
      <Result
        status={resultStatus(props.status)}
        title={<h1 className="yx-error-title">{props.title}</h1>}
        subTitle={
          <>
            <p>{props.message}</p>
            {props.detail ? <p className="yx-muted">{props.detail}</p> : null}
          </>
        }
        extra={
          props.homeHref ? (
            <Button type="primary" href={props.homeHref}>
              {t("error.backHome")}
            </Button>
          ) : null
        }
      />
    </div>
  );
}
