import type {
  addResource,
  answerInvitation,
  applyToStudio,
  archiveStudio,
  createStudio,
  decideApplication,
  deleteActivity,
  deleteOutput,
  deleteResource,
  editStudio,
  inviteToStudio,
  leaveStudio,
  listStudios,
  postToBoard,
  removeMember,
  saveActivity,
  saveOutput,
  setMemberRole,
  studioForEdit,
  studioFormOptions,
  studioPage,
} from "@yanxiu/services/studios";

/** A service with its connections (db) bound by the server. */
type Bound<F extends (opts: never) => unknown> = (opts: Omit<Parameters<F>[0], "db">) => ReturnType<F>;

/** The studio workspace services routes may call (types only; implemented in server/services/studios.ts). */
export type StudiosServices = {
  list: Bound<typeof listStudios>;
  page: Bound<typeof studioPage>;
  formOptions: Bound<typeof studioFormOptions>;
  forEdit: Bound<typeof studioForEdit>;
  create: Bound<typeof createStudio>;
  edit: Bound<typeof editStudio>;
  archive: Bound<typeof archiveStudio>;
  apply: Bound<typeof applyToStudio>;
  decide: Bound<typeof decideApplication>;
  invite: Bound<typeof inviteToStudio>;
  answerInvitation: Bound<typeof answerInvitation>;
  leave: Bound<typeof leaveStudio>;
  removeMember: Bound<typeof removeMember>;
  setRole: Bound<typeof setMemberRole>;
  saveActivity: Bound<typeof saveActivity>;
  deleteActivity: Bound<typeof deleteActivity>;
  addResource: Bound<typeof addResource>;
  deleteResource: Bound<typeof deleteResource>;
  post: Bound<typeof postToBoard>;
  saveOutput: Bound<typeof saveOutput>;
  deleteOutput: Bound<typeof deleteOutput>;
};
