import { Tag } from "antd";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";

type TSent = { id: string; kind: string; toName: string; state: "pending" | "delivered" | "failed"; attempts: number; lastError: string; createdAt: string | Date };
type TReceived = { id: string; kind: string; fromName: string; outcome: string; receivedAt: string | Date };

const stateColor = { pending: "processing", delivered: "success", failed: "error" } as const;
const when = (d: string | Date) => new Date(d).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
const kindLabel = (k: string) => t(`federation.kind.${k}` as TMessageKey);

/** A tenant's federation traffic (decision 021): what it sent, with state and attempts, and what it received. */
export function FederationMessages({ sent, received }: { sent: TSent[]; received: TReceived[] }) {
  return (
    <>
      <Card title={t("federation.sent")}>
        {sent.length === 0 ? (
          <EmptyState>{t("federation.empty")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="federation-sent">
              <thead>
                <tr>
                  {(["kind", "peer", "state", "attempts", "error", "at"] as const).map((k) => (
                    <th key={k} scope="col">{t(`federation.col.${k}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {sent.map((m) => (
                  <tr key={m.id} data-kind={m.kind} data-state={m.state}>
                    <td>{kindLabel(m.kind)}</td>
                    <td>{m.toName}</td>
                    <td>
                      <Tag color={stateColor[m.state]}>{t(`federation.state.${m.state}`)}</Tag>
                    </td>
                    <td className="yx-credits-num">{m.attempts}</td>
                    <td>{m.lastError}</td>
                    <td>{when(m.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
      </Card>
      <Card title={t("federation.received")}>
        {received.length === 0 ? (
          <EmptyState>{t("federation.empty")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="federation-received">
              <thead>
                <tr>
                  {(["kind", "peer", "outcome", "at"] as const).map((k) => (
                    <th key={k} scope="col">{t(`federation.col.${k}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {received.map((m) => (
                  <tr key={m.id} data-kind={m.kind}>
                    <td>{kindLabel(m.kind)}</td>
                    <td>{m.fromName}</td>
                    <td>{m.outcome}</td>
                    <td>{when(m.receivedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
      </Card>
    </>
  );
}
