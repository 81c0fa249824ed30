import { hasNulByte } from "@yanxiu/domain/limits";
import { fail } from "./errors.server.ts";

/**
 * Form data as a plain object; repeated fields (checkbox lists) become arrays. A field (or a field name)
 * with a NUL byte is a bad request: Postgres refuses NUL in text, so no service may ever see one.
 */
export async function readForm(request: Request): Promise<Record<string, unknown>> {
  const form = await request.formData().catch(() => null);
  if (!form) fail("badRequest");
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (hasNulByte(key) || all.some(hasNulByte)) fail("badRequest");
    out[key] = all.length > 1 || key.endsWith("[]") ? all : all[0];
  }
  return out;
}
