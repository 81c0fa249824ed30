import { zhCN, type TMessageKey } from "./zh-CN.ts";

export type { TMessageKey };
export const defaultLocale = "zh-CN";
const catalogues = { "zh-CN": zhCN } as const;
export type TLocale = keyof typeof catalogues;

export type Translate = (key: TMessageKey, vars?: Record<string, string | number>) => string;

/** A translator for one locale; unknown locales fall back to zh-CN, missing variables stay visible. */
export function createTranslator(locale: string = defaultLocale): Translate {
  const cat: Record<string, string> = catalogues[locale as TLocale] ?? zhCN;
  return (key, vars) => {
    const text = cat[key] ?? zhCN[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
  };
}

export const t: Translate = createTranslator(defaultLocale);

/**
 * The site a tenant's people are welcomed to. A tenant already named as a platform (the platform tenant,
 * 研修平台, or a province named like 湖南省教师研修平台) is its own name; a plain province name (湖南省) gets
 * 研修平台 after it. Appending it always made the platform host say 研修平台研修平台.
 */
export function siteName(tenantName: string): string {
  return tenantName.trim().endsWith("平台") ? tenantName : t("home.siteOf", { tenant: tenantName });
}

/** The message key for an error code, so any AppError code can be shown to a user. */
export function errorMessageKey(code: string): TMessageKey {
  const key = `error.${code}`;
  return (key in zhCN ? key : "error.internal") as TMessageKey;
}
