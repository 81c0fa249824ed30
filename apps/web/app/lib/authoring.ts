import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import type { TActionResult } from "./action-result.server.ts";

/**
 * Field errors of the course pages. Services report either a reason key (`fileNotFound`, shown through
 * `authoring.field.*`) or a domain schema's Chinese message; anything else (a zod default in English)
 * becomes a generic "此项填写有误".
 */
export function fieldMessage(reason: string): string {
  const key = `authoring.field.${reason}` as TMessageKey;
  const known = t(key);
  if (known !== key) return known;
  if (/[\u4e00-\u9fff]/.test(reason)) return reason;
  return t("authoring.field.invalid");
}

/** The first error for any of `names` in the result of the form whose intent is `intent`. */
export function errorFor(result: TActionResult | undefined, intent: string, ...names: string[]): string | null {
  if (!result || result.ok || result.intent !== intent) return null;
  for (const n of names) {
    const reason = result.fieldErrors[n]?.[0];
    if (reason) return fieldMessage(reason);
  }
  return null;
}

/** Errors whose key starts with `prefix` (e.g. all of a quiz's questions), keyed by the rest of the path. */
export function errorsUnder(result: TActionResult | undefined, intent: string, prefix: string): Record<string, string> {
  if (!result || result.ok || result.intent !== intent) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.fieldErrors)) if (k.startsWith(prefix) && v[0]) out[k.slice(prefix.length).replace(/^\./, "")] ??= fieldMessage(v[0]);
  return out;
}
