import type { TActor } from "@yanxiu/db/org";

/** The classwork services routes may call (types only; implemented in server/services/classwork.ts). */
export type ClassworkServices = {
  /** What the player shows for an assignment, discussion or offline-session unit of the actor's enrolment (the panel's `data`). */
  unitPanel(opts: { actor: TActor; courseId: string; unitId: string }): Promise<unknown>;
};
