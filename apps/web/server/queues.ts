import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { Queue } from "bullmq";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { Redis } from "@yanxiu/services/redis";
import { queues } from "@yanxiu/domain/jobs";
import { t } from "@yanxiu/ui/i18n";
import type { WebLoadContext } from "../app/load-context.ts";
import { queueBoardPolicy } from "./security-headers.ts";

export const queueBoardPath = "/platform/queues";

/** Drops every <link> whose href points at another host (absolute http(s) or protocol-relative). */
export function withoutExternalStylesheets(html: string): string {
  return html.replace(/<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?\/\/[^>]*>\s*/gi, "");
}

/** Only a signed-in platform operator on the platform host; on any other host, or anyone else, the board does not exist. */
export function isPlatformOperator(ctx: WebLoadContext | undefined): boolean {
  return !!ctx?.tenant && ctx.tenant.kind === "platform" && ctx.tenant.status === "active" && !!ctx.user?.roles.includes("platformOperator");
}

/**
 * The operator's queue console (Bull Board) at /platform/queues: counts per state, failed jobs with their
 * error, retry. Mounted after the middleware that resolves tenant and session, so the guard reads
 * `res.locals.ctx`; its API (and the retry PUTs, which browsers send with an Origin header) pass the app's
 * same-origin check like every other request. The queues carry the app's QUEUE_PREFIX.
 */
export function createQueueBoard(opts: { connection: Redis; prefix: string; notFound: (res: Response) => void }): { router: Router; close(): Promise<void> } {
  const list = Object.values(queues).map((name) => new Queue(name, { connection: opts.connection, prefix: opts.prefix }));
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(queueBoardPath);
  createBullBoard({
    queues: list.map((q) => new BullMQAdapter(q)),
    serverAdapter,
    options: { uiConfig: { boardTitle: t("ops.queues.boardTitle"), locale: { lng: "zh-CN" }, hideDocsLink: true } },
  });

  const router = express.Router();
  router.use(queueBoardPath, (_req: Request, res: Response, next: NextFunction) => {
    if (!isPlatformOperator(res.locals.ctx as WebLoadContext | undefined)) return opts.notFound(res);
    // The board is an operator's tool: never cached, never framed by another site.
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Content-Security-Policy", queueBoardPolicy);
    // Bull Board's page links its fonts from an external CDN, which fails offline and in mainland China: the
    // page goes out without any stylesheet from another host, and its CSS falls back to the system's fonts.
    const render = res.render.bind(res);
    res.render = ((view: string, options?: object) =>
      render(view, options ?? {}, (err: Error | null, html?: string) => {
        if (err) return next(err);
        res.type("html").send(withoutExternalStylesheets(html ?? ""));
      })) as typeof res.render;
    next();
  });
  router.use(queueBoardPath, serverAdapter.getRouter() as express.Router);
  return {
    router,
    async close() {
      await Promise.all(list.map((q) => q.close()));
    },
  };
}
