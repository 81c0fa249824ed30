import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { t } from "@yanxiu/ui/i18n";
import { AppShell } from "@yanxiu/ui/layout";
import type { TShell } from "../lib/guard.server.ts";

/** The trainer's pages about one class (/teach/:courseId/…): the shell, then the way back to the class list. */
export function ClassPage(props: { shell: TShell; courseId: string; children: ReactNode }) {
  return (
    <AppShell tenantName={props.shell.tenantName} user={props.shell.user}>
      <div className="yx-stack">
        <p>
          <Link to={`/teach/${props.courseId}`}>{t("classwork.backToClass")}</Link>
        </p>
        {props.children}
      </div>
    </AppShell>
  );
}

/** The keyset pager of a class's lists (the class list, the grading queue): back to the first page, and on. */
export function ClassPager(props: { path: string; onFirstPage: boolean; next: string | null }) {
  return (
    <p className="yx-pager">
      {props.onFirstPage ? null : <Link to={props.path}>{t("classwork.firstPage")}</Link>}{" "}
      {props.next ? <Link to={`${props.path}?after=${encodeURIComponent(props.next)}`}>{t("classwork.nextPage")}</Link> : null}
    </p>
  );
}
