/** zh-CN messages for classwork pages. */
export const classworkMessages = {} as const;
