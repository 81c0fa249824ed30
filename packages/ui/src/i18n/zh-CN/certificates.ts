/** zh-CN messages for certificates pages. */
export const certificatesMessages = {} as const;
