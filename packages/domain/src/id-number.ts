/**
 * 居民身份证号码 (GB 11643-1999): 6 digits of region, 8 of birth date, 3 of sequence and a check character
 * (ISO 7064 MOD 11-2: 0–9 or X). Rosters from schools still hold some 15-digit first-generation numbers
 * (birth year in two digits, no check character); they are widened to 18 as the public security bureaus do.
 * Pure: the platform never stores the number itself, only a keyed hash of the 18-character form
 * (services/platform/id-number-hash.ts), so matching by it works and a database dump does not reveal it.
 */

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const checkChars = "10X98765432";

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return checkChars[sum % 11]!;
}

function validBirthDay(yyyymmdd: string, today: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return false;
  const iso = dt.toISOString().slice(0, 10);
  return y >= 1900 && iso <= today;
}

export type TIdNumberCheck = { ok: true; value: string } | { ok: false; reason: string };

/**
 * A 身份证号 as a person typed it (spaces, a lower-case x, full-width digits folded by the caller's NFKC) to its
 * 18-character form, or the reason it is not one. `today` (China day, YYYY-MM-DD) bounds the birth date.
 */
export function parseIdNumber(raw: string, today: string): TIdNumberCheck {
  const s = raw.replace(/[\s-]/g, "").toUpperCase();
  let id: string;
  if (/^\d{15}$/.test(s)) {
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    id = first17 + idCheckChar(first17);
  } else if (/^\d{17}[\dX]$/.test(s)) id = s;
  else return { ok: false, reason: "身份证号格式不正确（应为18位，最后一位可为X）" };
  if (!/^[1-9]/.test(id)) return { ok: false, reason: "身份证号格式不正确（地区码有误）" };
  if (!validBirthDay(id.slice(6, 14), today)) return { ok: false, reason: "身份证号中的出生日期无效" };
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, reason: "身份证号校验位不正确，请核对" };
  return { ok: true, value: id };
}

/** As reports show one back: region and last four kept (430102********123X); anything shorter than 15, all stars. */
export function maskIdNumber(id: string): string {
  return id.length >= 15 ? `${id.slice(0, 6)}${"*".repeat(id.length - 10)}${id.slice(-4)}` : "*".repeat(id.length);
}
