import type { Readable } from "node:stream";
import type { TActor } from "@yanxiu/services/org";
import type { TOpenedFile, TStoredFileView } from "@yanxiu/services/media";

/** The media services routes and the file handlers may call (types only; implemented in server/services/media.ts). */
export type MediaServices = {
  /** Streams an upload into storage with its checks (type by bytes, size limit, duration / end marker). */
  storeUpload(opts: { actor: TActor; purpose: unknown; originalName: unknown; body: Readable; declaredBytes?: number }): Promise<TStoredFileView>;
  /** Opens a stored file the actor may read, for one HTTP byte range or whole. */
  openFile(opts: { actor: TActor; id: string; range?: string | null }): Promise<TOpenedFile>;
};

export type { TOpenedFile, TStoredFileView };
