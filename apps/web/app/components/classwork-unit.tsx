/**
 * The learner's panel for the unit kinds the classwork work owns (assignment, discussion, offline
 * session): rendered by the course player with what `services.classwork.unitPanel` returned.
 * (STUB: the classwork work replaces this body.)
 */
export function ClassworkUnitPanel(props: { kind: "assignment" | "discussion" | "offlineSession"; courseId: string; unitId: string; data: unknown }) {
  void props;
  return null;
}
