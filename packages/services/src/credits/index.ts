export { chinaDay, currentPolicy, ledgerOf, lockTeacherStatus, recomputeTeacherStatus } from "./status.ts";
export { getPolicy, policyFromForm, recomputeTenantStatuses, refreshStaleStatuses, setPolicy } from "./policy.ts";
export { myCredits, teacherCredits, type TCreditsView } from "./my-credits.ts";
export { approveExternalAward, listExternalRequests, myExternalRequests, rejectExternalAward, submitExternalAward } from "./external-awards.ts";
export { reverseAward } from "./reverse-award.ts";
export { cycleStatusList } from "./cycle-status.ts";
export type { TCertificateView, TEvidenceView, TLedgerRow } from "./common.ts";
export { evaluateTeacherScheme, previewTenantSchemeChange } from "./scheme.ts";
export { exportLedger } from "./ledger-export.ts";
export { discardSchemeDraft, explainCredits, getSchemeDraft, previewSchemeDraft, publishSchemeDraft, saveSchemeDraft, schemeOverview, startSchemeDraft } from "./scheme-versions.ts";
export {
  decideFixedPointClaim,
  fixedPointItems,
  fixedPointQueue,
  rerouteWaitingClaims,
  followMovedTeachers,
  getFixedPointClaim,
  myFixedPointClaims,
  resubmitFixedPointClaim,
  submitFixedPointClaim,
  type TClaimDetail,
  type TClaimSummary,
  type TClaimTrailEntry,
} from "./fixed-points.ts";
