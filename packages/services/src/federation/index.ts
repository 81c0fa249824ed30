export { sendFederationMessage, enqueueFederationDelivery, afterFederationCommit } from "./send.ts";
export { deliverFederationMessage, type TDeliveryResult } from "./deliver.ts";
export { enqueuePendingFederationMessages, federatedTenants } from "./sweep.ts";
export { listFederationMessages } from "./messages.ts";
export { nomineeMessagesFor } from "./province.ts";
export {
  addNationalStaff,
  allocateNationalQuota,
  assignTraineeClass,
  createNationalProject,
  grantProjectStaff,
  listMyNationalClasses,
  listNationalProjects,
  listNationalStaff,
  listNationalTrainees,
  readNationalConsole,
  recordNationalCompletion,
  revokeNationalStaff,
} from "./national-projects.ts";
export { readNationalRollCall, saveNationalRollCall, setNationalRequiredDays } from "./national-attendance.ts";
