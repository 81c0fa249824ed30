/** The media services routes may call (types only; implemented in server/services/media.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type MediaServices = {};
