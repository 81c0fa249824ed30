/** zh-CN messages for authoring pages. */
export const authoringMessages = {} as const;
