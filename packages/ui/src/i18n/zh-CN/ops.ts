/** zh-CN messages for the operator's pages (queues) and the completion worker. */
export const opsMessages = {} as const;
