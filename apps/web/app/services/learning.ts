/** The learning services routes may call (types only; implemented in server/services/learning.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type LearningServices = {};
