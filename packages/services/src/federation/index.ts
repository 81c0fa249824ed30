export { sendFederationMessage, enqueueFederationDelivery, afterFederationCommit } from "./send.ts";
export { deliverFederationMessage, type TDeliveryResult } from "./deliver.ts";
export { enqueuePendingFederationMessages, federatedTenants } from "./sweep.ts";
export { listFederationMessages } from "./messages.ts";
export { nomineeMessagesFor } from "./province.ts";
export {
  allocateNationalQuota,
  assignTraineeClass,
  createNationalProject,
  grantProjectStaff,
  listNationalProjects,
  listNationalTrainees,
  readNationalConsole,
  recordNationalCompletion,
} from "./national-projects.ts";
