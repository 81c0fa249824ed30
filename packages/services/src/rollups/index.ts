export { computeRollups, type TRollupRun } from "./compute-rollups.ts";
export { readRollup, type TRollupFigures, type TRollupRow } from "./read-rollup.ts";
export { requestRollup } from "./request-rollup.ts";
