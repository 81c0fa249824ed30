import type { TLiveCredit } from "@yanxiu/services/live-record";
import { t } from "@yanxiu/ui/i18n";
import { Link } from "@remix-run/react";
import { usePolling } from "../../lib/use-polling.ts";
import { useRevalidateOnUserEvents } from "../../lib/use-user-events.ts";

/**
 * The viewer's 学时 for an ended studio session. While the worker writes it ("pending"), the page re-reads
 * itself when told (Redis → realtime → this page), with a slow poll as a fallback.
 */
export function LiveCredit({ credit }: { credit: TLiveCredit }) {
  const pending = credit.status === "pending";
  useRevalidateOnUserEvents(pending, { catchUp: true });
  usePolling(pending, 20_000);
  return (
    <div className={credit.status === "awarded" ? "yx-success" : "yx-muted"} role="status" data-testid="live-credit" data-status={credit.status}>
      {credit.status === "awarded" ? (
        <>
          {t("live.credit.awarded", { hours: credit.hours })} <Link to="/my/credits">{t("live.credit.viewCredits")}</Link>
        </>
      ) : credit.status === "pending" ? (
        t("live.credit.pending", { hours: credit.hours })
      ) : credit.status === "short" ? (
        t("live.credit.short", { hours: credit.hours, minutes: credit.minutes, required: credit.requiredMinutes })
      ) : credit.status === "sessionShort" ? (
        t("live.credit.sessionShort", { minutes: credit.heldMinutes, min: credit.minHeldMinutes })
      ) : (
        t("live.credit.none")
      )}
    </div>
  );
}
