/** zh-CN messages for live session room pages. */
export const liveMessages = {
  "error.sessionNotLive": "直播还没有开始。",
  "error.sessionEnded": "直播已经结束。",
  "error.removedFromSession": "你已被主持人移出本场直播，不能再进入。",
  "error.participantMuted": "你已被主持人禁言。",
  "error.liveNotJoined": "请先进入直播间。",
  "error.pollClosed": "投票已经结束。",
  "error.alreadyAnswered": "你已经投过票了，每人只能投一次。",
  "error.rateLimited": "操作太频繁，请稍后再试。",
} as const;
