/** zh-CN messages for media pages. */
export const mediaMessages = {} as const;
