export { applyRollupDelta, lockRollupsShared, type TRollupDelta } from "./apply-rollup-delta.ts";
export { computeRollups, type TRollupRun } from "./compute-rollups.ts";
export { readRollup, rollupSheet, type TRollupFigures, type TRollupRow } from "./read-rollup.ts";
export { reconcileRollups, type TReconcileRun, type TRollupDrift } from "./reconcile-rollups.ts";
export { requestRollup } from "./request-rollup.ts";
export { dashboardIn, dashboardRows, dashboardSheet, dashboardUnit, readDashboard, type TDashboard, type TDashboardFigures } from "./read-dashboard.ts";
export { foldPendingRollups, foldRollupDeltas, type TFoldRun } from "./fold-rollup-deltas.ts";
export { computePaceSnapshotIn, keepPaceHistory, paceSnapshotOf, yearEndRules } from "./pace-history.ts";
