import { ExclamationCircleOutlined, FileSearchOutlined, LockOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useEffect, useRef, useState, type ReactNode } from "react";
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

function ErrorIcon({ status }: { status: number | undefined }) {
  if (status === 404) return <FileSearchOutlined />;
  if (status === 401 || status === 403) return <LockOutlined />;
  return <ExclamationCircleOutlined />;
}

/** An error page: what went wrong in Chinese, the status, and a way home (in antd's Result layout, without its illustrations' weight). */
export function ErrorPanel(props: { title: string; message: string; detail?: string; homeHref?: string; status?: number }) {
  return (
    <div className="yx-error" role="alert">
      <div className={`yx-error-icon${props.status !== undefined && props.status >= 500 ? " yx-error-icon-server" : ""}`} aria-hidden="true">
        <ErrorIcon status={props.status} />
      </div>
      <h1 className="yx-error-title">{props.title}</h1>
      <p className="yx-error-message">{props.message}</p>
      {props.detail ? <p className="yx-muted">{props.detail}</p> : null}
      {props.homeHref ? (
        <Button type="primary" href={props.homeHref}>
          {t("error.backHome")}
        </Button>
      ) : null}
    </div>
  );
}

/**
 * A table's box that scrolls sideways when the table is wider than the screen (a phone), instead of the page.
 * When it does scroll it joins the tab order, so a keyboard can scroll it too (WCAG: scrollable regions are
 * focusable); a table that fits adds no tab stop.
 */
export function ScrollX(props: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return (
    <div ref={ref} className="yx-scroll-x" {...(scrolls ? { tabIndex: 0, role: "region", "aria-label": props.label } : {})}>
      {props.children}
    </div>
  );
}
