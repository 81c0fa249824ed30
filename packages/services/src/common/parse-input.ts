import type { z } from "zod";
import { AppError } from "@yanxiu/domain/errors";

/** Parses input with a domain schema; failure is a badRequest carrying each field's reasons. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of r.error.issues) {
    const k = String(issue.path[0] ?? "form");
    (fieldErrors[k] ??= []).push(issue.message);
  }
  throw new AppError("badRequest", "invalid input", fieldErrors);
}
