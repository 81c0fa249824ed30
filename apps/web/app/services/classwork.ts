/** The classwork services routes may call (types only; implemented in server/services/classwork.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type ClassworkServices = {};
