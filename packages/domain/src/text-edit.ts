/**
 * The one edit that turns `before` into `after` in a text box, where the caret ended up at `caret`:
 * delete `remove` characters at `index`, then insert `insert` there. Typing, deleting, pasting over a
 * selection and an IME's commit are each one such edit. The caret settles the ambiguous cases (typing
 * "a" into "aa" could be at any of three places; the caret after it says which), so a shared document
 * gets the edit where the person made it, not merely an equivalent one.
 */
export type TTextEdit = { index: number; remove: number; insert: string };

export function textEdit(before: string, after: string, caret: number = after.length): TTextEdit | null {
  if (before === after) return null;
  const at = Math.max(0, Math.min(caret, after.length));
  // What follows the caret was there before too: the common suffix may not reach left of the caret.
  const maxSuffix = Math.min(before.length, after.length - at);
  let suffix = 0;
  while (suffix < maxSuffix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const maxPrefix = Math.min(before.length, after.length) - suffix;
  let prefix = 0;
  while (prefix < maxPrefix && before[prefix] === after[prefix]) prefix++;
  // Never split a surrogate pair (an emoji, a rare 汉字 outside the BMP) between the kept and edited parts.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return { index: prefix, remove: before.length - suffix - prefix, insert: after.slice(prefix, after.length - suffix) };
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Applies an edit to a string (what the shared document does to its text). */
export function applyTextEdit(text: string, e: TTextEdit): string {
  return text.slice(0, e.index) + e.insert + text.slice(e.index + e.remove);
}
