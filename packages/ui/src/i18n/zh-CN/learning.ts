/** zh-CN messages for learning pages. */
export const learningMessages = {} as const;
