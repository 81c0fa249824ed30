import type { ReactNode } from "react";
import { t } from "./i18n/index.ts";

/** The page frame every signed-in page shares: product name, province, who is signed in, sign-out. */
export function AppShell(props: {
  tenantName: string;
  user?: { displayName: string; roleLabel: string } | null;
  children: ReactNode;
}) {
  return (
    <div className="yx-shell">
      <header className="yx-header">
        <a href="/" className="yx-brand">
          <span className="yx-brand-name">{t("app.name")}</span>
          <span className="yx-brand-tenant">{props.tenantName}</span>
        </a>
        {props.user ? (
          <div className="yx-user">
            <span data-testid="signed-in-as">{t("nav.signedInAs", { name: props.user.displayName, role: props.user.roleLabel })}</span>
            <form method="post" action="/logout">
              <button type="submit" className="yx-link-button">
                {t("nav.signOut")}
              </button>
            </form>
          </div>
        ) : null}
      </header>
      <main className="yx-main">{props.children}</main>
    </div>
  );
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

export function ErrorPanel(props: { title: string; message: string; detail?: string; homeHref?: string }) {
  return (
    <div className="yx-error" role="alert">
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.detail ? <p className="yx-muted">{props.detail}</p> : null}
      {props.homeHref ? <a href={props.homeHref}>{t("error.backHome")}</a> : null}
    </div>
  );
}
