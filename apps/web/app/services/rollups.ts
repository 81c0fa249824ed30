import type { TActor } from "@yanxiu/services/org";
import type { TRollupFigures, TRollupRow } from "@yanxiu/services/rollups";

/** The org rollups services routes may call (types only; implemented in server/services/rollups.ts). */
export type RollupsServices = {
  /** The rollup of a unit in the actor's scope (default: the root of their scope) and of the units two levels below. */
  read(opts: { actor: TActor; orgUnitId?: string | null }): Promise<{
    unit: { id: string; name: string; kind: string };
    figures: TRollupFigures | null;
    rows: TRollupRow[];
    canRecompute: boolean;
  }>;
  /** "立即重新计算" (province admins): one run for the tenant goes on the queue. */
  request(opts: { actor: TActor }): Promise<{ queued: true }>;
};

export type { TRollupFigures, TRollupRow };
