import type { Dispatch, SetStateAction } from "react";
import type { Socket } from "socket.io-client";
import type { LiveClientToServerEvents, LiveServerToClientEvents, TBoardPageState, TLiveAck, TLiveRoomState, TStroke } from "@yanxiu/domain/live";

type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

/**
 * The whiteboard's part of the room state: `room.board` holds the strokes of ONE page, the page on screen.
 * It lives inside the room state (not beside it) so that a join or a recovery, which replace the whole
 * room, replace the board in the same update, and a stroke that arrives right after is never wiped.
 * `loaded: false` marks a page the client turned to whose strokes are still being fetched (`board:page`);
 * strokes and removals that arrive meanwhile are kept and merged with the answer.
 */
export type TBoardView = TBoardPageState & { loaded?: boolean; gone?: string[] };

export type TBoardAction =
  | { type: "added"; stroke: TStroke }
  | { type: "removed"; page: number; strokeId: string }
  | { type: "cleared"; page: number }
  | { type: "turned"; page: number }
  | { type: "fetched"; board: TBoardPageState };

const byTime = (a: TStroke, b: TStroke) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Pure: the board after one event. Events for another page than the one held are ignored. */
export function reduceBoard(board: TBoardView, action: TBoardAction): TBoardView {
  switch (action.type) {
    case "added": {
      const s = action.stroke;
      if (s.page !== board.page || board.strokes.some((x) => x.id === s.id) || board.gone?.includes(s.id)) return board;
      return { ...board, strokes: [...board.strokes, s].sort(byTime) };
    }
    case "removed":
      if (action.page !== board.page) return board;
      return { ...board, strokes: board.strokes.filter((x) => x.id !== action.strokeId), gone: board.loaded === false ? [...(board.gone ?? []), action.strokeId] : board.gone };
    case "cleared":
      // While the page is still being fetched, the fetch is sent again (listenBoard), so only what is held goes.
      if (action.page !== board.page) return board;
      return { ...board, strokes: [] };
    case "turned":
      return action.page === board.page ? board : { page: action.page, strokes: [], loaded: false };
    case "fetched": {
      if (action.board.page !== board.page || board.loaded !== false) return board;
      const gone = new Set(board.gone ?? []);
      const known = new Set(board.strokes.map((s) => s.id));
      const merged = [...board.strokes, ...action.board.strokes.filter((s) => !known.has(s.id) && !gone.has(s.id))].sort(byTime);
      return { page: board.page, strokes: merged };
    }
  }
}

const withBoard = (action: TBoardAction) => (r: TLiveRoomState | null) => {
  if (!r) return r;
  const board = reduceBoard(r.board, action);
  return board === r.board ? r : { ...r, board };
};

/**
 * Keeps `room.board` current from the server's whiteboard events. When the synced slide changes, turns the
 * board to that page and fetches its strokes (`board:page`); a clear of that page while the fetch was out
 * makes its answer stale, so it is asked again.
 */
export function listenBoard(socket: LiveSocket, sessionId: string, setRoom: Dispatch<SetStateAction<TLiveRoomState | null>>): void {
  const apply = (action: TBoardAction) => setRoom(withBoard(action));
  const clears = new Map<number, number>();
  const fetchPage = (page: number, attempt = 0) => {
    const before = clears.get(page) ?? 0;
    const timed = socket.timeout(10_000) as unknown as {
      emit: (e: "board:page", p: object, ack: (err: Error | null, res: TLiveAck<{ board: TBoardPageState }>) => void) => void;
    };
    timed.emit("board:page", { sessionId, page }, (err, res) => {
      if ((clears.get(page) ?? 0) !== before) return fetchPage(page);
      // On failure the page shows no strokes rather than wrong ones; a retry or a rejoin brings them.
      if (err || !res.ok) {
        if (attempt < 2) setTimeout(() => fetchPage(page, attempt + 1), 1000);
        return;
      }
      apply({ type: "fetched", board: res.board });
    });
  };
  socket.on("stroke:added", (p) => {
    if (p.sessionId === sessionId) apply({ type: "added", stroke: p.stroke });
  });
  socket.on("stroke:removed", (p) => {
    if (p.sessionId === sessionId) apply({ type: "removed", page: p.page, strokeId: p.strokeId });
  });
  socket.on("board:cleared", (p) => {
    if (p.sessionId !== sessionId) return;
    clears.set(p.page, (clears.get(p.page) ?? 0) + 1);
    apply({ type: "cleared", page: p.page });
  });
  socket.on("slide:changed", (p) => {
    if (p.sessionId !== sessionId) return;
    apply({ type: "turned", page: p.slide.page });
    // Harmless when the page did not change: the answer only fills a board still waiting for it.
    fetchPage(p.slide.page);
  });
}
