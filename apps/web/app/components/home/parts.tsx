import { Link } from "@remix-run/react";
import { Card, Empty, Statistic } from "antd";
import type { ReactNode } from "react";
import { formatDay, formatTime } from "../learning/shell.tsx";

/**
 * One block of a home page: an antd Card inside a named region (screen readers list the blocks by their
 * titles, and the e2e specs find them the same way), filling its grid cell's height.
 */
export function HomeCard(props: { title: string; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section aria-label={props.title} data-testid={props.testId} className="yx-home-block">
      <Card title={<h2 className="yx-home-card-title">{props.title}</h2>} extra={props.extra} className="yx-home-card">
        {props.children}
      </Card>
    </section>
  );
}

/** An empty block that says what to do next, with the link that does it. */
export function HomeEmpty(props: { children: ReactNode; action?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span className="yx-home-empty">{props.children}</span>}>
      {props.action}
    </Empty>
  );
}

/** A key figure (antd Statistic) in its own small card; `href` makes the whole figure a link to where the work is. */
export function Kpi(props: { title: string; value: ReactNode; suffix?: string; note?: string; href?: string; testId?: string }) {
  const stat = <Statistic title={props.title} value={props.value as number | string} suffix={props.suffix} />;
  return (
    <Card className="yx-home-kpi" data-testid={props.testId} size="small">
      {props.href ? (
        <Link to={props.href} className="yx-home-kpi-link">
          {stat}
        </Link>
      ) : (
        stat
      )}
      {props.note ? <div className="yx-muted yx-home-kpi-note">{props.note}</div> : null}
    </Card>
  );
}

/** Times and days in China's zone, whether the loader's value arrives as a Date or an ISO string. */
export const timeOf = (v: string | Date) => formatTime(typeof v === "string" ? v : v.toISOString());
export const dayOf = (v: string | Date) => formatDay(typeof v === "string" ? (v.length === 10 ? `${v}T00:00:00+08:00` : v) : v.toISOString());
