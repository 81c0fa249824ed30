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

/**
 * An import refused as a whole: the reason, then each refused row of the file with its key (a unit code, a
 * teacher number) and what is wrong with it. Nothing of the file was written (the services are all or nothing).
 */
export function RefusedRows(props: { message: string; rows: readonly { rowNumber: number; key: string; reasons: readonly string[] }[]; keyLabel: string }) {
  return (
    <div className="yx-stack">
      <p className="yx-alert" role="alert">
        {props.message}
      </p>
      {props.rows.length > 0 ? (
        <RowsTable
          testId="import-report"
          rows={props.rows}
          empty=""
          head={
            <>
              <th scope="col">{t("common.import.row")}</th>
              <th scope="col">{props.keyLabel}</th>
              <th scope="col">{t("common.import.reasons")}</th>
            </>
          }
          row={(x) => (
            <tr key={x.rowNumber}>
              <th scope="row">{t("common.import.rowN", { n: x.rowNumber })}</th>
              <td>{x.key || "—"}</td>
              <td>{x.reasons.join("；")}</td>
            </tr>
          )}
        />
      ) : null}
    </div>
  );
}
