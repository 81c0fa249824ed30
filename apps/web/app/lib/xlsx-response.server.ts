import type { Readable } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";

/** An .xlsx response streamed from a service. */
export async function xlsxResponse(p: Promise<{ stream: Readable; fileName: string }>) {
  const { stream, fileName } = await p;
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName.replace(/[\\/:*?"<>|]/g, "_"))}`,
      "Cache-Control": "no-store",
    },
  });
}
