export { notify, notifyOne } from "./notify.ts";
export { countUnread, markAllRead, markRead, myNotifications, unreadCount, type TNotice } from "./my-notifications.ts";
export { remindOverdueReports } from "./remind-overdue-reports.ts";
