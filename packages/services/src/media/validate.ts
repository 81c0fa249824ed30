import { AppError } from "@yanxiu/domain/errors";
import { docxMime, type TSniffedType } from "@yanxiu/domain/courses";
import { mp4DurationReader, webmDurationReader } from "./duration.ts";
import { imageDimensionsReader } from "./image.ts";
import { docxReader } from "./docx.ts";

/**
 * What is checked in an upload's bytes beyond its type, fed chunk by chunk as they stream past:
 * a video must say how long it is; a PDF must start with `%PDF-` (the sniffer saw it) and end with
 * `%%EOF` in its last 1024 bytes (where readers look for it); an image must decode up to its dimensions
 * (a JPEG's frame header, a PNG's IHDR, a WebP's VP8 header), so a magic number in front of SVG or HTML is
 * refused; a zip must be a Word document by its central directory (docx.ts): another zip (an .xlsx renamed,
 * a plain archive) is fileTypeRefused, a cut-off or doctored one corruptMedia. `finish` gives the whole seconds of a video (null for other files) or throws corruptMedia.
 */
export type MediaValidation = { push(chunk: Buffer): void; finish(): number | null };

const pdfTailBytes = 1024;

export function validation(mime: TSniffedType): MediaValidation {
  if (mime === "video/mp4" || mime === "video/webm") {
    const reader = mime === "video/mp4" ? mp4DurationReader() : webmDurationReader();
    return {
      push: (c) => reader.push(c),
      finish() {
        const seconds = reader.finish();
        if (seconds === null) throw new AppError("corruptMedia", `${mime} without a readable duration`);
        // Whole seconds (the column and the completion rules count seconds); a blip is still one second.
        return Math.max(1, Math.round(seconds));
      },
    };
  }
  if (mime === "application/pdf") {
    let tail = Buffer.alloc(0);
    return {
      push(c) {
        tail = Buffer.concat([tail, c.length > pdfTailBytes ? c.subarray(c.length - pdfTailBytes) : c]);
        if (tail.length > pdfTailBytes) tail = tail.subarray(tail.length - pdfTailBytes);
      },
      finish() {
        if (!tail.includes("%%EOF", 0, "latin1")) throw new AppError("corruptMedia", "pdf without %%EOF");
        return null;
      },
    };
  }
  if (mime === "image/jpeg" || mime === "image/png" || mime === "image/webp") {
    const reader = imageDimensionsReader(mime);
    return {
      push: (c) => reader.push(c),
      finish() {
        if (!reader.finish()) throw new AppError("corruptMedia", `${mime} that does not decode`);
        return null;
      },
    };
  }
  if (mime === docxMime) {
    const reader = docxReader();
    return {
      push: (c) => reader.push(c),
      finish() {
        const v = reader.finish();
        if (!v.ok) throw new AppError(v.reason === "notWord" ? "fileTypeRefused" : "corruptMedia", `zip refused as a Word document: ${v.reason}`);
        return null;
      },
    };
  }
  return { push: () => undefined, finish: () => null };
}
