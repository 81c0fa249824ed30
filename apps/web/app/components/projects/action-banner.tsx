import { t, type TMessageKey } from "@yanxiu/ui/i18n";

type TResult = { ok: true; intent: string; message?: string } | { ok: false; intent: string; message: string };

/** The answer of a form on the project-running pages: the done message for its intent, or the reason it failed. */
export function ActionBanner({ r, done }: { r: TResult | undefined; done: (intent: string) => TMessageKey }) {
  if (!r) return null;
  return r.ok ? (
    <p className="yx-success" role="status">
      {r.message ?? t(done(r.intent))}
    </p>
  ) : (
    <p className="yx-alert" role="alert">
      {r.message}
    </p>
  );
}

/** Asks before a form that changes much is sent. */
export const confirmOn = (message: string) => (e: React.FormEvent) => {
  if (!window.confirm(message)) e.preventDefault();
};
