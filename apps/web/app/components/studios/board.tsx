import { Form, Link } from "@remix-run/react";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { formatTime } from "../learning/shell.tsx";
import { StudioField } from "./fields.tsx";
import { errorFor } from "../../lib/authoring.ts";
import type { loader } from "../../routes/studios.$studioId.board.tsx";
import { useFreshKey, MembersOnly, type TTabData, type TTabProps } from "./common.tsx";

export function Board({ d, result, busy }: TTabProps<TTabData<typeof loader>>) {
  const fresh = useFreshKey(result, "post");
  const err = (name: string) => errorFor(result, "post", name);
  const base = `/studios/${d.studio.id}/board`;
  if (d.thread) {
    const th = d.thread;
    return (
      <Card title={th.thread.title} testId="studio-thread">
        <p>
          <Link to={base}>{t("studios.board.back")}</Link>
        </p>
        <p style={{ whiteSpace: "pre-wrap" }}>{th.thread.body}</p>
        <p className="yx-muted">{t("studios.board.by", { name: th.thread.authorName, time: formatTime(String(th.thread.createdAt)) })}</p>
        {th.replies.length === 0 ? (
          <EmptyState>{t("studios.board.noReplies")}</EmptyState>
        ) : (
          <ol className="yx-stack">
            {th.replies.map((r) => (
              <li key={r.id} data-testid="reply">
                <p style={{ whiteSpace: "pre-wrap", margin: 0 }}>{r.body}</p>
                <span className="yx-muted">{t("studios.board.by", { name: r.authorName, time: formatTime(String(r.createdAt)) })}</span>
              </li>
            ))}
          </ol>
        )}
        {th.next ? (
          <nav className="yx-pager" aria-label={t("common.pagination")}>
            <Link to={`${base}?thread=${th.thread.id}&after=${th.next}`} rel="next">
              {t("studios.board.moreReplies")}
            </Link>
          </nav>
        ) : null}
        {d.perms.post ? (
          <Form key={fresh} method="post" noValidate aria-label={t("studios.board.reply")}>
            <input type="hidden" name="intent" value="post" />
            <input type="hidden" name="parentId" value={th.thread.id} />
            <StudioField id="reply-body" label={t("studios.board.replyBody")} error={err("body")}>
              {(db) => <textarea id="reply-body" name="body" rows={3} maxLength={4000} required aria-describedby={db} />}
            </StudioField>
            <button type="submit" className="yx-primary" disabled={busy}>
              {t("studios.board.reply")}
            </button>
          </Form>
        ) : null}
      </Card>
    );
  }
  if (!d.board) return <MembersOnly />;
  return (
    <>
      <Card title={t("studios.board.title")} testId="studio-board">
        {d.board.items.length === 0 ? (
          <EmptyState>{t("studios.board.empty")}</EmptyState>
        ) : (
          <ul className="yx-stack" style={{ listStyle: "none", padding: 0 }}>
            {d.board.items.map((th) => (
              <li key={th.id} data-testid="thread-row">
                <Link to={`${base}?thread=${th.id}`}>{th.title}</Link> <span className="yx-muted">{t("studios.board.replies", { count: th.replies })}</span>
                <div className="yx-muted">{t("studios.board.by", { name: th.authorName, time: formatTime(String(th.createdAt)) })}</div>
              </li>
            ))}
          </ul>
        )}
        <nav className="yx-pager" aria-label={t("common.pagination")}>
          {d.board.next ? (
            <Link to={`${base}?after=${d.board.next}`} rel="next">
              {t("studios.board.morePosts")}
            </Link>
          ) : null}
        </nav>
      </Card>
      {d.perms.post ? (
        <Card title={t("studios.board.new")}>
          <Form key={fresh} method="post" noValidate aria-label={t("studios.board.new")} data-testid="thread-form">
            <input type="hidden" name="intent" value="post" />
            <StudioField id="thread-title" label={t("studios.board.titleField")} error={err("title")}>
              {(db) => <input id="thread-title" name="title" maxLength={100} required aria-describedby={db} />}
            </StudioField>
            <StudioField id="thread-body" label={t("studios.board.body")} error={err("body")}>
              {(db) => <textarea id="thread-body" name="body" rows={4} maxLength={4000} required aria-describedby={db} />}
            </StudioField>
            <button type="submit" className="yx-primary" disabled={busy}>
              {t("studios.board.post")}
            </button>
          </Form>
        </Card>
      ) : d.studio.status === "archived" ? (
        <p className="yx-muted">{t("studios.board.readOnly")}</p>
      ) : null}
    </>
  );
}
