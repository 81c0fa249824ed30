/** Studio workspace services (issue 6). */
export { archiveStudio, createStudio, editStudio, listStudios, studioFormOptions } from "./studios.ts";
export { answerInvitation, applyToStudio, decideApplication, inviteToStudio, leaveStudio, listMembers, removeMember, setMemberRole } from "./members.ts";
export { deleteActivity, listActivities, saveActivity } from "./plan.ts";
export { addResource, deleteResource, listResources } from "./library.ts";
export { listThreads, postToBoard, readThread } from "./board.ts";
export { deleteOutput, listOutputs, saveOutput } from "./outputs.ts";
export { studioForEdit, studioPage } from "./page.ts";
