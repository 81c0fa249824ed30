/**
 * One error type for the whole platform. Every code maps to an HTTP status, a socket ack and a
 * job outcome in one table, so routes, socket handlers and job handlers never invent their own.
 * Messages are for logs; users see the i18n text for the code.
 */
export const errorCodes = {
  badRequest: { status: 400, retry: false },
  unauthenticated: { status: 401, retry: false },
  forbidden: { status: 403, retry: false },
  badOrigin: { status: 403, retry: false },
  notFound: { status: 404, retry: false },
  tenantNotFound: { status: 404, retry: false },
  tenantSuspended: { status: 403, retry: false },
  invalidCredentials: { status: 401, retry: false },
  tooManyAttempts: { status: 429, retry: false },
  payloadTooLarge: { status: 413, retry: false },
  /** An upload whose first bytes are no type its purpose accepts (whatever its name says). */
  fileTypeRefused: { status: 400, retry: false },
  /** An upload over its purpose's size limit. */
  fileTooLarge: { status: 413, retry: false },
  /** A video whose duration cannot be read, a PDF without its end marker. */
  corruptMedia: { status: 400, retry: false },
  /** An HTTP Range that starts beyond the file. */
  rangeNotSatisfiable: { status: 416, retry: false },
  conflict: { status: 409, retry: false },
  unavailable: { status: 503, retry: true },
  internal: { status: 500, retry: true },
  // Classwork (offline-session check-in, assignments, assigned enrolment).
  checkInNotOpen: { status: 409, retry: false },
  checkInClosed: { status: 409, retry: false },
  checkInCodeInvalid: { status: 400, retry: false },
  alreadyCheckedIn: { status: 409, retry: false },
  assignmentAwaitingGrade: { status: 409, retry: false },
  assignmentPassed: { status: 409, retry: false },
  alreadyGraded: { status: 409, retry: false },
  courseNotPublished: { status: 409, retry: false },
  /** A progress event (a video beat, a replayed job) dated before its enrolment began: never recorded. */
  progressBeforeEnrollment: { status: 400, retry: false },
  // Credits (external awards, reversals).
  /** The same training (issuer + certificate number, or teacher + title + day) is already claimed or counted. */
  duplicateAward: { status: 409, retry: false },
  alreadyReversed: { status: 409, retry: false },
  cannotReverseReversal: { status: 409, retry: false },
  requestAlreadyReviewed: { status: 409, retry: false },
  /** A 定额项目 claim is not where the action needs it (decided twice, moved on since the page was read, not returned). */
  claimStateConflict: { status: 409, retry: false },
  // Live session rooms (issue 6).
  sessionNotLive: { status: 409, retry: false },
  sessionEnded: { status: 409, retry: false },
  /** The host removed this person from the session: they may not come back. */
  removedFromSession: { status: 403, retry: false },
  participantMuted: { status: 403, retry: false },
  /** An event for a session room the socket has not joined. */
  liveNotJoined: { status: 409, retry: false },
  pollClosed: { status: 409, retry: false },
  alreadyAnswered: { status: 409, retry: false },
  /** Too many events of one kind from one connection in a short time. */
  rateLimited: { status: 429, retry: false },
  /** A live session's audio/video mesh already has its maximum of publishers. */
  rtcPublishersFull: { status: 409, retry: false },
  /** In a 双师 session polls are answered per classroom, by its assistant, not one by one. */
  classAnswerOnly: { status: 409, retry: false },
  // Studios (membership).
  /** Applying to or inviting someone who is already an active member (or the host). */
  alreadyStudioMember: { status: 409, retry: false },
  /** An application or invitation is already pending for this teacher. */
  alreadyApplied: { status: 409, retry: false },
  /** Approving, rejecting, accepting, removing … a membership that is not in the state the action needs. */
  membershipNotPending: { status: 409, retry: false },
  // Training projects (issue 16).
  /** The project is not in the state the action needs (editing a closed one, nominating into a draft …). */
  projectStateConflict: { status: 409, retry: false },
  /** Not enough seats left in the allocation (a last seat another nomination took first). */
  quotaExceeded: { status: 409, retry: false },
  /** 学时认定 is confirmed: the scores (and items, pass mark) it read are read-only (decision 031). */
  scoresLocked: { status: 409, retry: false },
  /** The teacher already holds a nomination in this project. */
  alreadyNominated: { status: 409, retry: false },
  /** The nomination is not in the state the action needs (reviewed twice, withdrawn before approval …). */
  nominationStateConflict: { status: 409, retry: false },
  /** A questionnaire that is not open takes no answers (a draft, or closed by the owner). */
  questionnaireNotOpen: { status: 409, retry: false },
  /** The trainee has already answered this questionnaire (one answer each). */
  questionnaireAnswered: { status: 409, retry: false },
} as const;

export type TErrorCode = keyof typeof errorCodes;

/**
 * A global brand, so an AppError is recognised even when two copies of this module are loaded (the web
 * server runs this source while the Remix build bundles its own copy); `instanceof` alone would miss it.
 */
const brand = Symbol.for("yanxiu.AppError");

export class AppError extends Error {
  readonly [brand] = true;
  readonly code: TErrorCode;
  readonly fieldErrors?: Record<string, string[]>;

  constructor(code: TErrorCode, message?: string, fieldErrors?: Record<string, string[]>) {
    super(message ?? code);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  /** Whether a job that failed with this error is worth retrying. */
  get retryable(): boolean {
    return errorCodes[this.code].retry;
  }
}

export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[brand] === true && (e as AppError).code in errorCodes;
}

/** Anything thrown becomes an AppError; unknown errors become `internal` (their message is not shown to users). */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  return new AppError("internal", e instanceof Error ? e.message : String(e));
}

export type TAck<T extends object = object> = ({ ok: true } & T) | { ok: false; code: TErrorCode; message: string };

export function errorAck(e: unknown): { ok: false; code: TErrorCode; message: string } {
  const err = toAppError(e);
  return { ok: false, code: err.code, message: err.code === "internal" ? "internal" : err.message };
}
