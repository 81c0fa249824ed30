import {
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
import type { StudiosServices } from "../../app/services/studios.ts";
import type { TServiceDeps } from "./deps.ts";

export function createStudiosServices(deps: TServiceDeps): StudiosServices {
  const { db } = deps;
  return {
    list: (opts) => listStudios({ ...opts, db }),
    page: (opts) => studioPage({ ...opts, db }),
    formOptions: (opts) => studioFormOptions({ ...opts, db }),
    forEdit: (opts) => studioForEdit({ ...opts, db }),
    create: (opts) => createStudio({ ...opts, db }),
    edit: (opts) => editStudio({ ...opts, db }),
    archive: (opts) => archiveStudio({ ...opts, db }),
    apply: (opts) => applyToStudio({ ...opts, db }),
    decide: (opts) => decideApplication({ ...opts, db }),
    invite: (opts) => inviteToStudio({ ...opts, db }),
    answerInvitation: (opts) => answerInvitation({ ...opts, db }),
    leave: (opts) => leaveStudio({ ...opts, db }),
    removeMember: (opts) => removeMember({ ...opts, db }),
    setRole: (opts) => setMemberRole({ ...opts, db }),
    saveActivity: (opts) => saveActivity({ ...opts, db }),
    deleteActivity: (opts) => deleteActivity({ ...opts, db }),
    addResource: (opts) => addResource({ ...opts, db }),
    deleteResource: (opts) => deleteResource({ ...opts, db }),
    post: (opts) => postToBoard({ ...opts, db }),
    saveOutput: (opts) => saveOutput({ ...opts, db }),
    deleteOutput: (opts) => deleteOutput({ ...opts, db }),
  };
}
