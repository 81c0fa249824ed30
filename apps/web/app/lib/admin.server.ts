import { fail } from "./errors.server.ts";

/** Form data as a plain object; repeated fields (checkbox lists) become arrays. */
export async function readForm(request: Request): Promise<Record<string, unknown>> {
  const form = await request.formData().catch(() => null);
  if (!form) fail("badRequest");
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = all.length > 1 || key.endsWith("[]") ? all : all[0];
  }
  return out;
}
