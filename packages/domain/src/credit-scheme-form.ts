import { z } from "zod";
import { awardCategories, organiserLevels } from "./credits.ts";
import { approvalLevels, consequenceFlags, ZCreditScheme, type TCreditScheme } from "./credit-scheme.ts";
import { listPagingShape } from "./list-page.ts";

/**
 * The admin's scheme form (issue 17, decision 025): flat fields named by the scheme's own paths
 * (`conversions.0.rate`, `categoryLimits.online.cycleMax` …), so a zod issue's path is the name of the field it
 * belongs to. Repeatable rows (conversion rules, cover rules, fixed-point items) are numbered; a row left
 * blank is dropped, and the issues of the rows kept are mapped back to the numbers the form used.
 * Checkboxes are one field each (`flags.annualAppraisal=on`), so the form works without JavaScript.
 */

export const schemePresetKeys = ["shandong", "shaanxi", "beijing"] as const;
export type TSchemePresetKey = (typeof schemePresetKeys)[number];

/** How many blank rows the form offers after the filled ones (a save shows as many again). */
export const blankRows = 2;

type TFields = Record<string, unknown>;

const text = (f: TFields, k: string) => {
  const v = f[k];
  return typeof v === "string" ? v.trim() : "";
};

/** A number a person typed: "0.4", "１２", "1/3" (a rate of one over a whole number of 学时). */
function parseNumber(s: string): number {
  const t = s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[，,\s]/g, "");
  const frac = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(t);
  if (frac) return Number(frac[1]) / Number(frac[2]);
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

export type TSchemeForm = { input: unknown; errors: Record<string, string[]> };

/**
 * Form fields → the input `ZCreditScheme` parses. Numbers that are not numbers are reported here (with the
 * field's path) and left out; everything else is for `ZCreditScheme` to judge. `base` supplies what the form
 * does not edit (the key and version number are the tenant's, set by the service).
 */
export function schemeFromForm(f: TFields, base: Pick<TCreditScheme, "key" | "version">): TSchemeForm & { rowIndex: Record<string, number[]> } {
  const errors: Record<string, string[]> = {};
  const num = (k: string): number | undefined => {
    const s = text(f, k);
    if (s === "") return undefined;
    const n = parseNumber(s);
    if (Number.isNaN(n)) (errors[k] ??= []).push("请填写数字");
    return Number.isNaN(n) ? undefined : n;
  };
  const on = (k: string) => f[k] === "on" || f[k] === "true" || f[k] === "1";
  const opt = (k: string) => text(f, k) || undefined;
  /** The numbers the form used for a repeatable prefix, ascending. */
  const rowsOf = (prefix: string) =>
    [...new Set(Object.keys(f).flatMap((k) => {
      const m = new RegExp(`^${prefix}\\.(\\d{1,3})\\.`).exec(k);
      return m ? [Number(m[1])] : [];
    }))].sort((a, b) => a - b);
  const rowIndex: Record<string, number[]> = {};
  const rows = <T>(prefix: string, read: (p: string) => T | null): T[] => {
    const out: T[] = [];
    rowIndex[prefix] = [];
    for (const i of rowsOf(prefix)) {
      const r = read(`${prefix}.${i}`);
      if (r == null) continue;
      out.push(r);
      rowIndex[prefix].push(i);
    }
    return out;
  };
  const blank = (p: string, keys: string[]) => keys.every((k) => text(f, `${p}.${k}`) === "");

  const categoryLimits: Record<string, Record<string, number>> = {};
  for (const c of awardCategories) {
    const l: Record<string, number> = {};
    for (const k of ["yearMin", "yearMax", "cycleMin", "cycleMax"]) {
      const v = num(`categoryLimits.${c}.${k}`);
      if (v != null) l[k] = v;
    }
    if (Object.keys(l).length > 0) categoryLimits[c] = l;
  }
  const minDurationDays: Record<string, number> = {};
  for (const c of awardCategories) {
    const v = num(`eligibility.minDurationDays.${c}`);
    if (v != null) minDurationDays[c] = v;
  }
  const coaAmount = num("countyOrAbove.minAmount");
  const coaShare = num("countyOrAbove.minShare");
  const track = (k: string, field: string) => {
    const v = num(`tracks.${k}.${field}`);
    return v == null ? {} : { [k]: { [field]: v } };
  };

  const input = {
    key: base.key,
    version: base.version,
    name: text(f, "name"),
    effectiveFrom: text(f, "effectiveFrom"),
    ...(opt("notes") ? { notes: text(f, "notes") } : {}),
    unit: opt("unit"),
    cycle: { years: num("cycle.years"), anchor: opt("cycle.anchor"), ...(num("cycle.startYear") != null ? { startYear: num("cycle.startYear") } : {}) },
    creditYearStartMonth: num("creditYearStartMonth"),
    rounding: { mode: opt("rounding.mode"), decimals: num("rounding.decimals") },
    defaultRate: num("defaultRate"),
    conversions: rows("conversions", (p) =>
      blank(p, ["category", "level", "role", "rate"])
        ? null
        : { category: opt(`${p}.category`), ...(opt(`${p}.level`) ? { level: opt(`${p}.level`) } : {}), ...(opt(`${p}.role`) ? { role: opt(`${p}.role`) } : {}), rate: num(`${p}.rate`) },
    ),
    cycleMinimum: num("cycleMinimum"),
    yearlyMinimum: num("yearlyMinimum") ?? 0,
    categoryLimits,
    ...(coaAmount != null || coaShare != null ? { countyOrAbove: { ...(coaAmount != null ? { minAmount: coaAmount } : {}), ...(coaShare != null ? { minShare: coaShare } : {}) } } : {}),
    cover: rows("cover", (p) => (blank(p, ["from", "to"]) ? null : { from: opt(`${p}.from`), to: opt(`${p}.to`) })),
    neverCovers: awardCategories.filter((c) => on(`neverCovers.${c}`)),
    fixedPoints: rows("fixedPoints", (p) => {
      const levelKeys = organiserLevels.map((l) => `valueByLevel.${l}`);
      if (blank(p, ["kind", "category", "yearlyCap", "evidence", ...levelKeys])) return null;
      const valueByLevel: Record<string, number> = {};
      for (const l of organiserLevels) {
        const v = num(`${p}.valueByLevel.${l}`);
        if (v != null) valueByLevel[l] = v;
      }
      const cap = num(`${p}.yearlyCap`);
      return {
        kind: opt(`${p}.kind`),
        category: opt(`${p}.category`),
        valueByLevel,
        ...(cap != null ? { yearlyCap: cap } : {}),
        evidence: text(f, `${p}.evidence`).split(/[、，,；;\n]+/).map((s) => s.trim()).filter(Boolean),
        approvalChain: approvalLevels.filter((a) => on(`${p}.approvalChain.${a}`)),
      };
    }),
    eligibility: { accreditedProvidersOnly: on("eligibility.accreditedProvidersOnly"), minDurationDays, assessmentRequired: on("eligibility.assessmentRequired") },
    tracks: { ...track("newTeacher", "firstYearMinimum"), ...track("classTeacher", "cycleMinimum"), ...track("principal", "cycleMinimum") },
    flags: consequenceFlags.filter((c) => on(`flags.${c}`)),
  };
  return { input, errors, rowIndex };
}

/**
 * Parses a form into a scheme: the scheme, or every problem keyed by the field's name (a row's own problem
 * under `conversions.3`, a problem of the whole table under `categoryLimits`). Numbers the form could not
 * read are reported even when zod finds more.
 */
export function parseSchemeForm(f: TFields, base: Pick<TCreditScheme, "key" | "version">): { ok: true; scheme: TCreditScheme } | { ok: false; errors: Record<string, string[]> } {
  const { input, errors, rowIndex } = schemeFromForm(f, base);
  const r = ZCreditScheme.safeParse(input);
  if (r.success && Object.keys(errors).length === 0) return { ok: true, scheme: r.data };
  if (!r.success) {
    for (const issue of r.error.issues) {
      const path = issue.path.map(String);
      const rows = rowIndex[path[0] ?? ""];
      if (rows && path[1] != null && /^\d+$/.test(path[1])) path[1] = String(rows[Number(path[1])] ?? path[1]);
      const k = path.length > 0 ? path.join(".") : "form";
      // A number already reported as unreadable is not also "required".
      if (errors[k]?.includes("请填写数字")) continue;
      (errors[k] ??= []).push(issue.message);
    }
  }
  return { ok: false, errors };
}

/** The form's fields for a scheme (the inverse of `schemeFromForm`), to fill the form with a draft. */
export function schemeToForm(s: TCreditScheme): Record<string, string> {
  const out: Record<string, string> = {
    name: s.name,
    effectiveFrom: s.effectiveFrom,
    notes: s.notes ?? "",
    unit: s.unit,
    "cycle.years": String(s.cycle.years),
    "cycle.anchor": s.cycle.anchor,
    "cycle.startYear": s.cycle.startYear == null ? "" : String(s.cycle.startYear),
    creditYearStartMonth: String(s.creditYearStartMonth),
    "rounding.mode": s.rounding.mode,
    "rounding.decimals": String(s.rounding.decimals),
    defaultRate: rateText(s.defaultRate),
    cycleMinimum: String(s.cycleMinimum),
    yearlyMinimum: String(s.yearlyMinimum),
    "countyOrAbove.minAmount": s.countyOrAbove?.minAmount == null ? "" : String(s.countyOrAbove.minAmount),
    "countyOrAbove.minShare": s.countyOrAbove?.minShare == null ? "" : String(s.countyOrAbove.minShare),
    "tracks.newTeacher.firstYearMinimum": s.tracks.newTeacher ? String(s.tracks.newTeacher.firstYearMinimum) : "",
    "tracks.classTeacher.cycleMinimum": s.tracks.classTeacher ? String(s.tracks.classTeacher.cycleMinimum) : "",
    "tracks.principal.cycleMinimum": s.tracks.principal ? String(s.tracks.principal.cycleMinimum) : "",
  };
  if (s.eligibility.accreditedProvidersOnly) out["eligibility.accreditedProvidersOnly"] = "on";
  if (s.eligibility.assessmentRequired) out["eligibility.assessmentRequired"] = "on";
  for (const [c, d] of Object.entries(s.eligibility.minDurationDays)) out[`eligibility.minDurationDays.${c}`] = String(d);
  for (const [c, l] of Object.entries(s.categoryLimits)) for (const [k, v] of Object.entries(l ?? {})) if (v != null) out[`categoryLimits.${c}.${k}`] = String(v);
  s.conversions.forEach((r, i) => {
    out[`conversions.${i}.category`] = r.category;
    out[`conversions.${i}.level`] = r.level ?? "";
    out[`conversions.${i}.role`] = r.role ?? "";
    out[`conversions.${i}.rate`] = rateText(r.rate);
  });
  s.cover.forEach((r, i) => {
    out[`cover.${i}.from`] = r.from;
    out[`cover.${i}.to`] = r.to;
  });
  for (const c of s.neverCovers) out[`neverCovers.${c}`] = "on";
  s.fixedPoints.forEach((fp, i) => {
    out[`fixedPoints.${i}.kind`] = fp.kind;
    out[`fixedPoints.${i}.category`] = fp.category;
    for (const [l, v] of Object.entries(fp.valueByLevel)) if (v != null) out[`fixedPoints.${i}.valueByLevel.${l}`] = String(v);
    out[`fixedPoints.${i}.yearlyCap`] = fp.yearlyCap == null ? "" : String(fp.yearlyCap);
    out[`fixedPoints.${i}.evidence`] = fp.evidence.join("、");
    for (const a of fp.approvalChain) out[`fixedPoints.${i}.approvalChain.${a}`] = "on";
  });
  for (const f of s.flags) out[`flags.${f}`] = "on";
  return out;
}

/** A rate as a person would type it back: 0.4, or 1/3 for one over a whole number. */
export function rateText(r: number): string {
  if (Math.round(r * 1e4) === r * 1e4) return String(r);
  const n = Math.round(1 / r);
  return Math.abs(n * r - 1) < 1e-9 ? `1/${n}` : String(Math.round(r * 1e6) / 1e6);
}

/** How many rows of each repeatable table the form shows: the filled ones and `blankRows` more. */
export function formRowCounts(fields: Record<string, unknown>): Record<"conversions" | "cover" | "fixedPoints", number> {
  const count = (prefix: string) => {
    let max = -1;
    for (const k of Object.keys(fields)) {
      const m = new RegExp(`^${prefix}\\.(\\d{1,3})\\.`).exec(k);
      if (m && typeof fields[k] === "string" && (fields[k] as string).trim() !== "") max = Math.max(max, Number(m[1]));
    }
    return max + 1 + blankRows;
  };
  return { conversions: count("conversions"), cover: count("cover"), fixedPoints: count("fixedPoints") };
}

// ─── Service inputs ─────────────────────────────────────────────────────────────────────────────

/** Start a draft: from the version in effect (or the newest), or from one of the presets (从模板载入). */
export const ZStartSchemeDraft = z.object({ from: z.enum(["current", ...schemePresetKeys], "未知的模板") }).strict();

/** The preview's list: a page of the teachers whose status changes. */
export const ZSchemePreviewQuery = z.object(listPagingShape()).strict();

/** Publishing asks for an explicit confirmation (the form's checkbox). */
export const ZPublishScheme = z.object({ confirm: z.literal("on", "请勾选确认后再发布") }).strict();

/** Whose explanation (为何是 X 学分): the actor's own, or a teacher in an admin's scope. */
export const ZExplainCredits = z.object({ teacherId: z.uuid("notFound").optional() }).strict();
