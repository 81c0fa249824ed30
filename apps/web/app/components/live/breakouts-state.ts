import { groupDocKey, type TBreakoutState, type TChatMessage, type TLiveRoomState } from "@yanxiu/domain/live";

/**
 * The room state's breakout part, as the server's events change it (use-live-room.ts calls these; kept
 * here so the room's reducer stays small).
 */

/**
 * Groups opened or closed. A person finds their group in `memberIds`; a new group starts with an empty
 * chat and document (document.tsx fetches the document itself with `doc:sync`). Moderators are in no group.
 */
export function withBreakout(r: TLiveRoomState, breakout: TBreakoutState): TLiveRoomState {
  const mine = breakout.open ? breakout.groups.find((g) => g.memberIds.includes(r.me.userId)) : undefined;
  if (!mine) return { ...r, breakout, group: null };
  if (r.group?.id === mine.id) return { ...r, breakout, group: { ...r.group, name: mine.name } };
  return { ...r, breakout, group: { id: mine.id, name: mine.name, chat: [], doc: { docKey: groupDocKey(mine.id), update: "" } } };
}

/** A chat message goes to the room's chat, or to the person's group's; group messages of other groups (a moderator gets them all) are not the room's. */
export function withChatMessage(r: TLiveRoomState, message: TChatMessage): TLiveRoomState {
  if (message.groupId) {
    if (!r.group || r.group.id !== message.groupId || r.group.chat.some((m) => m.id === message.id)) return r;
    return { ...r, group: { ...r.group, chat: [...r.group.chat, message] } };
  }
  return r.chat.some((m) => m.id === message.id) ? r : { ...r, chat: [...r.chat, message] };
}
