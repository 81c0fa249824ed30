import type { TUnitKind } from "./completion.ts";
import { unitKinds } from "./completion.ts";

/**
 * How the course editor's HTML forms become the inputs the domain schemas parse. Forms send strings;
 * these helpers only reshape and coerce (empty → absent, "on" → true, 北京时间 local times → instants),
 * the schemas in courses.ts still decide what is valid.
 */

/** Provinces work in China Standard Time; a `datetime-local` value has no zone, so it is read as +08:00. */
const chinaOffset = "+08:00";
const localPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** A `datetime-local` value as an ISO instant in +08:00; empty → undefined; anything else passes through for the schema to judge. */
export function fromLocalInput(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const s = v.trim();
  if (s === "") return undefined;
  return localPattern.test(s) ? `${s.length === 16 ? `${s}:00` : s}${chinaOffset}` : s;
}

/** An instant as a `datetime-local` value in +08:00 (for a form's default value); null/undefined → "". */
export function toLocalInput(d: Date | string | null | undefined): string {
  if (d === null || d === undefined || d === "") return "";
  const t = new Date(d).getTime();
  if (Number.isNaN(t)) return "";
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 16);
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
const num = (v: unknown): number | undefined => {
  const s = str(v);
  if (s === undefined) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
};
const bool = (v: unknown): boolean => v === "on" || v === "true" || v === true;
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" && v !== "" ? [v] : []);

/** "语文，数学、英语" → ["语文", "数学", "英语"] (commas of either width, 顿号, spaces). */
export function splitSubjects(v: unknown): string[] {
  if (typeof v !== "string") return [];
  return [...new Set(v.split(/[,，、;；\s]+/).map((s) => s.trim()).filter(Boolean))];
}

/** The course facts form (field names as in ZCourseFacts; stages as `stages[]`) → ZCourseFacts input. */
export function courseFactsFromForm(f: Record<string, unknown>): Record<string, unknown> {
  return {
    title: str(f.title) ?? "",
    summary: typeof f.summary === "string" ? f.summary : "",
    coverFileId: str(f.coverFileId),
    stages: list(f["stages[]"]),
    subjects: splitSubjects(f.subjects),
    categoryId: str(f.categoryId),
    institutionId: str(f.institutionId),
    creditHours: str(f.creditHours),
    enrollmentMode: str(f.enrollmentMode),
    enrollOpensAt: fromLocalInput(f.enrollOpensAt),
    enrollClosesAt: fromLocalInput(f.enrollClosesAt),
    studyStartsAt: fromLocalInput(f.studyStartsAt),
    studyEndsAt: fromLocalInput(f.studyEndsAt),
  };
}

function parseJson(v: unknown): unknown {
  if (typeof v !== "string" || v.trim() === "") return [];
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/**
 * A unit form → ZUnitInput input. Field names: kind, title, creditHours, required, and per kind the
 * criterion's number (minWatchedPercent, passPercent, minMinutes, minPosts) and the config's fields;
 * a quiz's questions arrive as one JSON field `questions` assembled in the browser. A video's config is
 * `{ fileId }` only: the service fills in the duration from the stored file.
 */
export function unitInputFromForm(f: Record<string, unknown>): Record<string, unknown> {
  const kind = (unitKinds as readonly string[]).includes(String(f.kind)) ? (f.kind as TUnitKind) : undefined;
  const base = { kind: kind ?? f.kind, title: str(f.title) ?? "", creditHours: str(f.creditHours), required: bool(f.required) };
  switch (kind) {
    case "video":
      return { ...base, criterion: { kind, minWatchedPercent: num(f.minWatchedPercent) }, config: { fileId: str(f.fileId) } };
    case "document":
      return { ...base, criterion: { kind }, config: { fileId: str(f.fileId) } };
    case "quiz":
      return {
        ...base,
        criterion: { kind, passPercent: num(f.passPercent) },
        config: { questions: parseJson(f.questions), attemptLimit: num(f.attemptLimit), shuffle: bool(f.shuffle) },
      };
    case "assignment":
      return { ...base, criterion: { kind }, config: { instructions: str(f.instructions) ?? "" } };
    case "liveSession":
      return { ...base, criterion: { kind, minMinutes: num(f.minMinutes) }, config: { startsAt: fromLocalInput(f.startsAt), durationMinutes: num(f.durationMinutes) } };
    case "offlineSession":
      return {
        ...base,
        criterion: { kind },
        config: {
          startsAt: fromLocalInput(f.startsAt),
          endsAt: fromLocalInput(f.endsAt),
          place: str(f.place) ?? "",
          checkInOpensAt: fromLocalInput(f.checkInOpensAt),
          checkInClosesAt: fromLocalInput(f.checkInClosesAt),
          lateAfter: fromLocalInput(f.lateAfter),
        },
      };
    case "discussion":
      return { ...base, criterion: { kind, minPosts: num(f.minPosts) }, config: { prompt: str(f.prompt) ?? "" } };
    default:
      return { ...base, criterion: undefined, config: undefined };
  }
}
