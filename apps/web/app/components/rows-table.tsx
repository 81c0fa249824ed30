import type { ReactNode } from "react";
import { EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { t } from "@yanxiu/ui/i18n";

/** Records as a table under one header row, or, when there are none, the sentence that says so. */
export function RowsTable<T>(props: { rows: readonly T[]; empty: string; head: ReactNode; row: (r: T) => ReactNode; testId?: string }) {
  if (props.rows.length === 0) return <EmptyState>{props.empty}</EmptyState>;
  return (
    <ScrollX label={t("common.scrollTable")}>
    <table className="yx-table" data-testid={props.testId}>
      <thead>
        <tr>{props.head}</tr>
      </thead>
      <tbody>{props.rows.map(props.row)}</tbody>
    </table>
</ScrollX>
  );
}
