/** zh-CN messages for studio workspace pages. */
export const studiosMessages = {
} as const;
