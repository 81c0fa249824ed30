import { infoFormFromFields, listFromText } from "@yanxiu/domain/projects";

/** The facts a project form posts, in the shape the project schemas parse (checkbox lists as arrays, the 信息表 built from its rows). */
export function projectInputFrom(form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ["ownerUnitId", "name", "description", "category", "form", "startsOn", "endsOn", "plannedHours", "creditCategory", "capacity", "enrolmentMode", "requiredDays"]) {
    if (k in form) out[k] = form[k];
  }
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  out.targetRoles = list(form.targetRoles);
  out.stages = list(form.stages);
  out.subjects = listFromText(form.subjects);
  if ("quotaKeys" in form) out.quotaKeys = listFromText(form.quotaKeys);
  out.needsApproval = form.needsApproval === "on";
  if (Object.keys(form).some((k) => k.startsWith("info."))) out.infoForm = infoFormFromFields(form);
  return out;
}

/** Form answers of a 信息表 (`answers.<key>`; a multiple choice repeats its name) as the answers object. */
export function answersFrom(form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) if (k.startsWith("answers.") && k.length > 8) out[k.slice(8)] = v;
  return out;
}
