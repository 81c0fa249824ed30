/** Live session services (issue 6): rooms, chat, polls, slides, hands, moderation, attendance. */
export { isUuid, loadLiveSession, mayAttend, type TLiveActor, type TLiveSessionRow } from "./access.ts";
export { createLiveSession } from "./create-live-session.ts";
export { joinLiveSession, leaveLiveSession, type TJoinedLiveSession } from "./join.ts";
export { loadRoomState } from "./room-state.ts";
export { deleteChatMessage, sendChatMessage } from "./chat.ts";
export { muteParticipant, removeParticipant } from "./moderation.ts";
export { lowerHand, raiseHand } from "./hands.ts";
export { answerPoll, closePoll, createPoll } from "./polls.ts";
export { setSlidePage, useSlides } from "./slides.ts";
export { endLiveSession, startLiveSession } from "./lifecycle.ts";
export { liveRemovalsChannel, publishLiveRemoval, ZLiveRemoval, type TLiveRemoval } from "./events.ts";
export { addStroke, clearBoard, loadBoardPage, undoStroke } from "./board.ts";
export { applyDocUpdate, listDocVersions, loadDocText, loadDocVersion, snapshotLiveDocs, syncDoc } from "./docs.ts";
export { closeBreakouts, openBreakouts } from "./breakouts.ts";
export { inviteToLiveSession, listLiveInvites, revokeLiveInvite } from "./invites.ts";
export { closeLiveSession } from "./close-live-session.ts";
