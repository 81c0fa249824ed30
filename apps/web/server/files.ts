import { PassThrough } from "node:stream";
import express, { type Request, type Response, type Router } from "express";
import { fileExtension } from "@yanxiu/domain/courses";
import { AppError, toAppError } from "@yanxiu/domain/errors";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import type { TActor, WebLoadContext } from "../app/load-context.ts";

/**
 * Uploads and downloads of course media and assignment files, outside Remix because both are raw streams:
 * `POST /api/files?purpose=…` takes the file itself as the body (name in `X-File-Name`, URI-encoded) and
 * answers JSON; `GET /files/:id` streams a file with HTTP Range support. Both only adapt HTTP around
 * `services.media`, which checks everything (type by bytes, size, access).
 */

function actorOf(res: Response): { ctx: WebLoadContext; actor: TActor | null } {
  const ctx = res.locals.ctx as WebLoadContext;
  const actor = ctx.tenant && ctx.user ? { tenantId: ctx.tenant.id, actorId: ctx.user.id, grants: ctx.user.grants, ip: ctx.clientIp } : null;
  return { ctx, actor };
}

/** The Chinese text for an error: a field's reason when the input was refused, else the code's message. */
function messageOf(err: AppError): string {
  const first = err.fieldErrors ? Object.values(err.fieldErrors)[0]?.[0] : undefined;
  return err.code === "badRequest" && first ? first : t(errorMessageKey(err.code));
}

function jsonError(res: Response, e: unknown) {
  const err = toAppError(e);
  if (err.code === "internal") console.error(`[web] files: ${err.message}`);
  res.status(err.status).json({ error: err.code, message: messageOf(err) });
}

function decodeName(raw: string | string[] | undefined): string {
  if (typeof raw !== "string") return "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return "";
  }
}

/**
 * The extensions a name may end in for the type read from its bytes: a browser shows such a PDF, image or video
 * itself; a Word document keeps its name and is always downloaded.
 */
const inlineExtensions: Record<string, readonly string[]> = {
  "application/pdf": ["pdf"],
  "image/jpeg": ["jpg", "jpeg", "jfif"],
  "image/png": ["png"],
  "image/webp": ["webp"],
  "video/mp4": ["mp4", "m4v"],
  "video/webm": ["webm"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
};

/**
 * Content-Disposition for a stored file. Only a PDF, image, video or audio whose name agrees with the type
 * its bytes were sniffed as is shown inline; anything else is an attachment, and a name that claims another
 * type (x.html) gets the real extension added (x.html.pdf), so neither the browser nor the desktop opens it
 * as what its name says. Quotes, backslashes, control and bidi characters (which can make "x\u202Efdp.html"
 * read as "xlmth.pdf") are dropped from the name; it goes out as an ASCII fallback and RFC 5987 `filename*`.
 */
export function contentDisposition(mime: string, originalName: string): string {
  const clean = [...originalName.normalize("NFC")]
    .filter((c) => !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(c))
    .map((c) => (c === '"' || c === "\\" || c === "/" ? "_" : c))
    .join("")
    .trim();
  const dot = clean.lastIndexOf(".");
  const ext = dot > 0 ? clean.slice(dot + 1).toLowerCase() : "";
  const matches = inlineExtensions[mime]?.includes(ext) ?? false;
  const showable = /^(image|video|audio)\//.test(mime) || mime === "application/pdf";
  const real = (fileExtension as Record<string, string | undefined>)[mime];
  const name = matches || !real ? clean || "file" : `${clean || "file"}.${real}`;
  const ascii = [...name].map((c) => (c >= " " && c <= "~" && c !== "%" ? c : "_")).join("");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${showable && matches ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Files never change once stored (a new upload is a new id), so the id is a strong validator. */
const etagOf = (id: string) => `"${id}"`;

export function createFileRoutes(): Router {
  const router = express.Router();

  router.post("/api/files", async (req: Request, res: Response) => {
    const { ctx, actor } = actorOf(res);
    if (!actor) {
      res.setHeader("Connection", "close");
      req.resume();
      return jsonError(res, new AppError("unauthenticated"));
    }
    const len = req.headers["content-length"];
    // The service reads from this pipe, so on refusal the request can be unpiped and its rest discarded.
    const body = new PassThrough();
    req.pipe(body);
    try {
      const stored = await ctx.services.media.storeUpload({
        actor,
        purpose: req.query.purpose,
        originalName: decodeName(req.headers["x-file-name"]),
        body,
        declaredBytes: len === undefined ? undefined : Number(len),
      });
      res.status(201).json(stored);
    } catch (e) {
      if (!req.readableEnded) {
        // Refused before the end: say so, discard what is still coming, and do not keep the connection.
        res.setHeader("Connection", "close");
        req.unpipe(body);
        req.resume();
      }
      jsonError(res, e);
    }
  });

  router.get("/files/:id", async (req: Request, res: Response) => {
    const { ctx, actor } = actorOf(res);
    if (!actor) return void res.status(401).type("text/plain").send(t("error.unauthenticated"));
    const id = req.params.id ?? "";
    const ifRange = req.headers["if-range"];
    // A Range with a stale If-Range means "send it all" (RFC 9110 §13.1.5).
    const range = ifRange !== undefined && ifRange !== etagOf(id) ? null : (req.headers.range ?? null);
    try {
      const f = await ctx.services.media.openFile({ actor, id, range });
      res.status(f.status);
      res.setHeader("Content-Type", f.mime);
      res.setHeader("Content-Length", String(f.end - f.start + 1));
      res.setHeader("Accept-Ranges", "bytes");
      if (f.status === 206) res.setHeader("Content-Range", `bytes ${f.start}-${f.end}/${f.size}`);
      res.setHeader("ETag", etagOf(id));
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Cache-Control", "private");
      res.setHeader("Content-Disposition", contentDisposition(f.mime, f.originalName));
      if (req.method === "HEAD") {
        f.stream.destroy();
        return void res.end();
      }
      f.stream.once("error", (e: NodeJS.ErrnoException) => {
        if (res.headersSent) return void res.destroy(e);
        for (const h of res.getHeaderNames()) res.removeHeader(h);
        const missing = e.code === "ENOENT";
        if (!missing) console.error(`[web] files: ${e.message}`);
        res.status(missing ? 404 : 500).type("text/plain").send(t(missing ? "error.notFound" : "error.internal"));
      });
      // A player seeking elsewhere closes the request: stop reading the file.
      res.once("close", () => f.stream.destroy());
      f.stream.pipe(res);
    } catch (e) {
      const err = toAppError(e);
      res.setHeader("Accept-Ranges", "bytes");
      if (err.code === "rangeNotSatisfiable") res.setHeader("Content-Range", `bytes */${(e as { size?: number }).size ?? "*"}`);
      if (err.code === "internal") console.error(`[web] files: ${err.message}`);
      res.status(err.status).type("text/plain").send(messageOf(err));
    }
  });

  return router;
}
