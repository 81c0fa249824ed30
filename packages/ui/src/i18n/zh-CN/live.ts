/** zh-CN messages for live session room pages. */
export const liveMessages = {
} as const;
