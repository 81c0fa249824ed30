/** zh-CN messages for running live sessions around the room: course rooms, invitations, attendance export. */
export const liveOpsMessages = {
  "liveOps.course.link": "直播单元",
  "liveOps.course.title": "{course} · 直播单元",
  "liveOps.course.empty": "本课程没有直播单元。",
  "liveOps.course.planned": "计划 {time} 开始，{minutes} 分钟；学员至少参加 {min} 分钟计为完成。",
  "liveOps.course.noRoom": "还没有开设直播间。开设后，已报名的学员可在课程中进入。",
  "liveOps.course.open": "开设直播间",
  "liveOps.player.rooms": "直播间",
  "liveOps.player.noRoom": "培训者还没有开设直播间，开设后可在这里进入。",
  "liveOps.player.attended": "已记录参加 {minutes} 分钟。",
} as const;
