import type { Readable } from "node:stream";
import type {
  addPost,
  assignEnrollments,
  checkIn,
  checkInRoster,
  checkInScreen,
  classList,
  gradeSubmission,
  gradingQueue,
  listPosts,
  searchAssignableOrgUnits,
  submitAssignment,
  TUnitPanel,
} from "@yanxiu/services/courses/classwork";
import type { TActor } from "@yanxiu/services/org";

/** A service with its connections (db, producer, redis, check-in secret) bound by the server. */
type Bound<F extends (opts: never) => unknown> = (opts: Omit<Parameters<F>[0], "db" | "producer" | "redis" | "secret" | "now">) => ReturnType<F>;
type TXlsx = Promise<{ stream: Readable; fileName: string }>;

/** The classwork services routes may call (types only; implemented in server/services/classwork.ts). */
export type ClassworkServices = {
  /** What the player shows for an assignment, discussion or offline-session unit of the actor's enrolment (the panel's `data`). */
  unitPanel(opts: { actor: TActor; courseId: string; unitId: string; after?: string | null }): Promise<TUnitPanel>;
  checkIn: Bound<typeof checkIn>;
  checkInScreen: Bound<typeof checkInScreen>;
  checkInRoster: Bound<typeof checkInRoster>;
  submitAssignment: Bound<typeof submitAssignment>;
  gradingQueue: Bound<typeof gradingQueue>;
  gradeSubmission: Bound<typeof gradeSubmission>;
  listPosts: Bound<typeof listPosts>;
  addPost: Bound<typeof addPost>;
  assignEnrollments: Bound<typeof assignEnrollments>;
  searchOrgUnits: Bound<typeof searchAssignableOrgUnits>;
  classList: Bound<typeof classList>;
  exportClassList(opts: { actor: TActor; courseId: string }): TXlsx;
  exportGradingQueue(opts: { actor: TActor; courseId: string }): TXlsx;
  exportCheckInRoster(opts: { actor: TActor; courseId: string; unitId: string }): TXlsx;
};
