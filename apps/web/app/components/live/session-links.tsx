import type { TStudioSession } from "@yanxiu/services/live-record";
import { SessionItem } from "./session-when.tsx";

/**
 * Live sessions in a list (a studio's plan and overview): status, title, when, and the way in — the room
 * before the end, the record after.
 */
export function SessionLinks({ sessions, testId }: { sessions: TStudioSession[]; testId: string }) {
  return (
    <ul className="yx-list">
      {sessions.map((x) => (
        <SessionItem key={x.id} session={x} testId={testId} withTitle />
      ))}
    </ul>
  );
}
