/** zh-CN messages for credits pages. */
export const creditsMessages = {} as const;
