/**
 * Is this zip a Word document? Read from its end, as every zip reader does: the end-of-central-directory
 * record, then the central directory it points to, which names every entry. A .docx (Word, WPS, LibreOffice,
 * python-docx all write the same package) has `[Content_Types].xml`, `_rels/.rels` and its parts under
 * `word/`; an .xlsx has `xl/`, a .pptx `ppt/`, an ordinary zip none of them. Nothing is decompressed, so a
 * zip bomb costs nothing. Fed chunk by chunk as the upload streams past; only the last `tailBytes` are kept.
 */

/** A report's central directory is a few KB; a document with thousands of images still fits. */
const tailBytes = 4 * 1024 * 1024;
const eocdSize = 22;
const maxComment = 0xffff;

export type TZipVerdict = { ok: true; names: string[] } | { ok: false; reason: "notZip" | "zip64" | "directoryTooLarge" | "notWord" };

export function docxReader() {
  let tail = Buffer.alloc(0);
  let total = 0;
  return {
    push(c: Buffer) {
      total += c.length;
      tail = Buffer.concat([tail, c.length > tailBytes ? c.subarray(c.length - tailBytes) : c]);
      if (tail.length > tailBytes) tail = tail.subarray(tail.length - tailBytes);
    },
    finish(): TZipVerdict {
      return zipVerdict(tail, total);
    },
  };
}

/** `tail` is the last bytes of a file of `total` bytes. */
export function zipVerdict(tail: Buffer, total: number): TZipVerdict {
  // The record ends the file, after a comment of the length it states.
  let e = -1;
  for (let i = tail.length - eocdSize; i >= 0 && i >= tail.length - eocdSize - maxComment; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50 && tail.readUInt16LE(i + 20) === tail.length - i - eocdSize) {
      e = i;
      break;
    }
  }
  if (e < 0) return { ok: false, reason: "notZip" };
  const entries = tail.readUInt16LE(e + 10);
  const cdSize = tail.readUInt32LE(e + 12);
  const cdOffset = tail.readUInt32LE(e + 16);
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) return { ok: false, reason: "zip64" };
  // The directory sits right before the record: where it says it starts plus its size is where the record is.
  const eocdAt = total - (tail.length - e);
  if (cdOffset + cdSize !== eocdAt) return { ok: false, reason: "notZip" };
  if (cdSize > e) return { ok: false, reason: "directoryTooLarge" };
  const names: string[] = [];
  let p = e - cdSize;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > e || tail.readUInt32LE(p) !== 0x02014b50) return { ok: false, reason: "notZip" };
    const nameLen = tail.readUInt16LE(p + 28);
    const extraLen = tail.readUInt16LE(p + 30);
    const commentLen = tail.readUInt16LE(p + 32);
    if (p + 46 + nameLen > e) return { ok: false, reason: "notZip" };
    names.push(tail.toString("utf8", p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  if (p !== e) return { ok: false, reason: "notZip" };
  const has = (name: string) => names.includes(name);
  if (!has("[Content_Types].xml") || !has("_rels/.rels") || !names.some((n) => /^word\/[^/]+\.xml$/.test(n))) return { ok: false, reason: "notWord" };
  return { ok: true, names };
}
