/** zh-CN messages for the operator's pages (queues) and the completion worker. */
export const opsMessages = {
  "ops.queues.title": "任务队列",
  "ops.queues.body": "查看各队列的任务数量和失败任务，重试失败的任务。",
  "ops.queues.boardTitle": "研修平台任务队列",
} as const;
