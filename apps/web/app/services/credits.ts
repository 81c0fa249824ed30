/** The credits services routes may call (types only; implemented in server/services/credits.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type CreditsServices = {};
