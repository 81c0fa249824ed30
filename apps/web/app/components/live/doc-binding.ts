import * as Y from "yjs";
import { liveDocTextName, liveLimits } from "@yanxiu/domain/live";
import { textEdit } from "@yanxiu/domain/text-edit";

/**
 * A shared lesson-plan document (one Y.Doc) bound to a plain <textarea> and to the room's socket. Only
 * document.tsx loads this module, and only in the browser (a dynamic import), so yjs stays out of the
 * server bundle and out of every page but the live room.
 *
 * Local edits: each input event becomes the one Y.Text delete/insert that the text box made (the caret
 * tells where), never "replace everything". They queue as Yjs updates and go out as `doc:update`, one
 * request at a time (the server stores an update only if it has every update it builds on), batched
 * every 100 ms to stay inside the `doc` rate limit. An update that did not get an ok (offline, timeout,
 * rate limited, not yet back in the room) stays queued and is sent again; Yjs ignores what it has already.
 *
 * Remote updates are applied with the caret and selection kept on the characters they were on (relative
 * positions) and the scroll position kept. While an IME is composing (拼音 input), remote updates wait:
 * rewriting the box would break the composition.
 *
 * `resync` runs on joining and on every rejoin or recovered connection: it applies the room state's copy
 * of the document, asks with `doc:sync` for what the local state vector lacks, then sends what is queued.
 */

export type TDocStatus = "loading" | "saved" | "syncing" | "offline";
type TAck = { ok: true; [k: string]: unknown } | { ok: false; code: string; message?: string };
export type TDocTransport = {
  update: (update: Uint8Array) => Promise<TAck>;
  sync: (stateVector: Uint8Array) => Promise<TAck>;
};

const remote = Symbol("remote");
const local = Symbol("local");
const batchMs = 100;
/** Leave room under the server's limit for the merge's own bytes. */
const batchBytes = liveLimits.docUpdateBytes - 2048;
/** At most 3 bytes a UTF-16 unit in Yjs's encoding: 4000 units stay far below the limit per update. */
const insertChunk = 4000;
/** Codes after which the queued update is worth sending again (the rest: it was refused for good). */
const transient = new Set(["timeout", "rateLimited", "internal", "unavailable", "liveNotJoined"]);

const bytes = (b: unknown): Uint8Array => (b instanceof Uint8Array ? b : new Uint8Array(b as ArrayBuffer));

export class DocBinding {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText(liveDocTextName);
  private el: HTMLTextAreaElement | null = null;
  private composing = false;
  private held: Uint8Array[] = [];
  private pending: Uint8Array[] = [];
  private inFlight = false;
  private syncing = false;
  private online = true;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private destroyed = false;
  private readonly detach: (() => void)[] = [];

  constructor(
    private readonly transport: TDocTransport,
    private readonly onStatus: (s: TDocStatus) => void,
    /** A refusal that will not go away by itself (its code, for the room's error messages). */
    private readonly onRefused: (code: string) => void,
  ) {
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === remote) return;
      this.pending.push(update);
      this.schedule(batchMs);
    });
  }

  /** The text box shows the document from now on; its edits go into it. */
  attach(el: HTMLTextAreaElement): void {
    this.el = el;
    el.value = this.text.toString();
    const on = <K extends keyof HTMLElementEventMap>(type: K, fn: (e: HTMLElementEventMap[K]) => void) => {
      el.addEventListener(type, fn);
      this.detach.push(() => el.removeEventListener(type, fn));
    };
    on("compositionstart", () => {
      this.composing = true;
    });
    on("compositionend", () => {
      this.composing = false;
      this.commitLocal();
      const held = this.held.splice(0);
      if (held.length) this.applyRemote(Y.mergeUpdates(held));
    });
    on("input", (e) => {
      if (this.composing || (e as InputEvent).isComposing) return;
      this.commitLocal();
    });
  }

  setOnline(online: boolean): void {
    this.online = online;
    if (online) this.kick();
    this.report();
  }

  /** Another client's update (relayed by the server) or a sync answer. */
  receive(update: unknown): void {
    const u = bytes(update);
    if (this.composing) this.held.push(u);
    else this.applyRemote(u);
  }

  /** On join and every rejoin: the room state's copy (base64), then whatever the state vector lacks. */
  async resync(stateBase64: string | null): Promise<void> {
    if (stateBase64) this.receive(Uint8Array.from(atob(stateBase64), (c) => c.charCodeAt(0)));
    this.syncing = true;
    this.report();
    const res = await this.transport.sync(Y.encodeStateVector(this.doc));
    this.syncing = false;
    if (this.destroyed) return;
    if (res.ok) this.receive(res.update);
    else if (!transient.has(res.code)) this.onRefused(res.code);
    this.report();
    this.kick();
  }

  destroy(): void {
    this.destroyed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.detach.splice(0)) d();
    this.el = null;
    this.doc.destroy();
  }

  /** What the text box now holds differs from the document by one edit: make it in the document. */
  private commitLocal(): void {
    const el = this.el;
    if (!el) return;
    const e = textEdit(this.text.toString(), el.value, el.selectionEnd);
    if (!e) return;
    if (e.remove > 0) this.doc.transact(() => this.text.delete(e.index, e.remove), local);
    // A large paste goes in pieces, each its own update under the server's size limit.
    let at = 0;
    while (at < e.insert.length) {
      let end = Math.min(e.insert.length, at + insertChunk);
      const c = e.insert.charCodeAt(end - 1);
      if (end < e.insert.length && c >= 0xd800 && c <= 0xdbff) end--;
      const piece = e.insert.slice(at, end);
      const index = e.index + at;
      this.doc.transact(() => this.text.insert(index, piece), local);
      at = end;
    }
  }

  private applyRemote(update: Uint8Array): void {
    const el = this.el;
    if (!el) {
      Y.applyUpdate(this.doc, update, remote);
      return;
    }
    // Typing that has not reached the document yet goes first, or it would be overwritten.
    this.commitLocal();
    const focused = typeof document !== "undefined" && document.activeElement === el;
    const start = Y.createRelativePositionFromTypeIndex(this.text, el.selectionStart);
    const end = Y.createRelativePositionFromTypeIndex(this.text, el.selectionEnd);
    const direction = el.selectionDirection;
    const scrollTop = el.scrollTop;
    Y.applyUpdate(this.doc, update, remote);
    const value = this.text.toString();
    if (value === el.value) return;
    el.value = value;
    const s = Y.createAbsolutePositionFromRelativePosition(start, this.doc)?.index ?? value.length;
    const f = Y.createAbsolutePositionFromRelativePosition(end, this.doc)?.index ?? value.length;
    if (focused) el.setSelectionRange(s, Math.max(s, f), direction ?? undefined);
    el.scrollTop = scrollTop;
  }

  /** Send what is queued now (after a reconnect or a sync), not after a retry's pause. */
  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer || this.destroyed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private async flush(): Promise<void> {
    if (this.inFlight || this.pending.length === 0 || !this.online || this.destroyed) return this.report();
    let n = 0;
    let size = 0;
    while (n < this.pending.length && (n === 0 || size + this.pending[n]!.byteLength <= batchBytes)) size += this.pending[n++]!.byteLength;
    const batch = n === 1 ? this.pending[0]! : Y.mergeUpdates(this.pending.slice(0, n));
    this.inFlight = true;
    this.report();
    const res = await this.transport.update(batch);
    this.inFlight = false;
    if (this.destroyed) return;
    if (res.ok) {
      this.pending.splice(0, n);
      this.failures = 0;
    } else if (transient.has(res.code)) {
      // Kept; sent again after a pause (and at once after a reconnect's resync).
      this.failures++;
      this.report();
      this.schedule(Math.min(5000, 250 * 2 ** this.failures));
      return;
    } else {
      // Refused for good (the group closed, the session ended, an update the server cannot use): the
      // edits stay on screen but are not sent again; the person is told why.
      this.pending.splice(0, n);
      this.onRefused(res.code);
    }
    this.report();
    if (this.pending.length) this.schedule(0);
  }

  private report(): void {
    if (this.destroyed) return;
    const busy = this.inFlight || this.syncing || this.pending.length > 0 || this.held.length > 0;
    this.onStatus(!this.online ? "offline" : busy ? "syncing" : "saved");
  }
}
