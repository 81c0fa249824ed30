/** Uploaded course media and assignment files: streamed in with checks, streamed out after an access check. */
export { storeUpload, mayUpload, uploadLimit, type TStoredFileView } from "./store-upload.ts";
export { openFile, loadReadableFile, mayRead, type TOpenedFile, type TRangeNotSatisfiable } from "./open-file.ts";
export { parseByteRange, type TByteRange } from "./range.ts";
export { mp4DurationReader, webmDurationReader, videoDurationSeconds, type DurationReader } from "./duration.ts";
