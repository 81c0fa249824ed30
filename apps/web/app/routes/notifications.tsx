import { Form, useLoaderData, useNavigation, useSearchParams, type MetaFunction } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { Pager } from "../components/list-page.tsx";
import { noticeText } from "@yanxiu/ui/notifications";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { formatTime } from "../components/learning/shell.tsx";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export const meta: MetaFunction = () => [{ title: t("notifications.title") }];

/** 消息 (decision 034): one's own notices, unread first, a page at a time with the totals. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request);
  const url = new URL(request.url);
  const r = await load(context.services.notifications.myNotifications({ actor, query: { page: url.searchParams.get("page") ?? undefined } }));
  return {
    page: r.query.page,
    total: r.total,
    unread: r.unread,
    pages: Math.max(1, Math.ceil(r.total / r.pageSize)),
    notices: r.notices.map((n) => ({ id: n.id, ...noticeText(n.notice), createdAt: n.createdAt.toISOString(), read: n.readAt !== null })),
  };
}

/** Opening a notice marks it read and goes where it leads (its stored in-app path); 全部标为已读 marks the rest. */
export async function action({ context, request }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const form = await readForm(request);
  const s = context.services.notifications;
  if (form.intent === "open") {
    const { link } = await load(s.markRead({ actor, input: { id: form.id } }));
    throw redirect(link);
  }
  if (form.intent === "readAll") {
    await load(s.markAllRead({ actor }));
    const page = typeof form.page === "string" && /^\d{1,5}$/.test(form.page) && form.page !== "1" ? `?page=${form.page}&done=readAll` : "?done=readAll";
    throw redirect(`/notifications${page}`);
  }
  fail("badRequest");
}

export default function Notifications() {
  const d = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const href = (page: number) => (page > 1 ? `?page=${page}` : "?");
  return (
    <div className="yx-stack yx-notices">
      <h1>{t("notifications.title")}</h1>
      {params.get("done") === "readAll" ? (
        <p className="yx-success" role="status">
          {t("notifications.markedAll")}
        </p>
      ) : null}
      <div className="yx-notices-bar">
        <p className="yx-muted" data-testid="notifications-summary">
          {t("notifications.summary", { total: d.total, unread: d.unread })}
        </p>
        {d.unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="page" value={d.page} />
            <button type="submit" name="intent" value="readAll" disabled={busy} data-testid="notifications-read-all">
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      <Card title={t("notifications.list")} testId="notifications">
        {d.notices.length === 0 ? (
          <EmptyState>{t("notifications.empty")}</EmptyState>
        ) : (
          <ul className="yx-notice-list">
            {d.notices.map((n) => (
              <li key={n.id} className={n.read ? "yx-notice" : "yx-notice yx-notice-unread"} data-testid="notice" data-read={n.read}>
                <Form method="post" className="yx-notice-open">
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" name="intent" value="open" className="yx-link-button yx-notice-title">
                    {n.read ? null : <span className="yx-notice-dot" aria-hidden="true" />}
                    <span className="yx-sr-only">{n.read ? t("notifications.read") : t("notifications.unread")}</span>
                    {n.title}
                  </button>
                </Form>
                <p className="yx-notice-body">{n.body}</p>
                <p className="yx-muted yx-notice-time">
                  <time dateTime={n.createdAt}>{formatTime(n.createdAt)}</time>
                </p>
              </li>
            ))}
          </ul>
        )}
        {d.pages > 1 ? (
          <>
            <p className="yx-muted">{t("notifications.page", { page: d.page, pages: d.pages })}</p>
            <Pager
              label={t("notifications.pager")}
              back={d.page > 1 ? { to: href(d.page - 1), text: t("notifications.prev"), rel: "prev" } : null}
              next={d.page < d.pages ? { to: href(d.page + 1), text: t("notifications.next") } : null}
            />
          </>
        ) : null}
      </Card>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
