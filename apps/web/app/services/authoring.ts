/** The authoring services routes may call (types only; implemented in server/services/authoring.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type AuthoringServices = {};
