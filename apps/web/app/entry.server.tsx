import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { handleServerError } from "./lib/errors.server.ts";
import { NonceContext } from "./lib/nonce.ts";

/** A refused request is not logged as an error with a stack trace (see handleServerError). */
export const handleError = handleServerError;

const ABORT_DELAY = 5_000;

/**
 * Remix's default server entry (streaming; bots and crawlers get the whole document at once), plus this
 * response's Content-Security-Policy nonce: on React's own inline scripts, Remix's streamed data, and (through
 * NonceContext) the root layout's <Scripts> and <ScrollRestoration>.
 */
export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const nonce = loadContext.cspNonce;
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html");
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    };
    const tree = (
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>
    );
    const { pipe, abort } = renderToPipeableStream(tree, {
      nonce,
      onShellReady() {
        if (!waitForAll) ready();
      },
      onAllReady() {
        if (waitForAll) ready();
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        // Errors in the shell reject above and are logged by Remix; these come later, while streaming.
        if (shellRendered) console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
