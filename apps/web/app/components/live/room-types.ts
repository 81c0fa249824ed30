import type { TLiveRoom } from "./use-live-room.ts";

/** Sends one room event with the session's id; the answer, or null when refused (the room shows why). */
export type TRun = (event: Parameters<TLiveRoom["emit"]>[0], payload: object) => Promise<Record<string, unknown> | null>;

/** The tools whose panel opens beside the stage. */
export type TPanel = "av" | "slides" | "polls" | "breakouts" | "invites";
