/**
 * Runs `fn` for a key at most once per `windowMs`: the first call runs at once; calls during the window
 * (or while a run is in flight) fold into one more run when it ends. Presence uses it so a thousand
 * people connecting in a second cost a few broadcasts, not a thousand. The window may depend on the key
 * (presence: a bigger tenant's window is longer, decision 026).
 */
export function createCoalescer(windowMs: number | ((key: string) => number), onError: (key: string, e: Error) => void) {
  const windowOf = typeof windowMs === "number" ? () => windowMs : windowMs;
  const state = new Map<string, { busy: boolean; pending: boolean; timer?: NodeJS.Timeout }>();
  const run = (key: string, fn: () => Promise<void>) => {
    const s = state.get(key);
    if (!s) return; // closed meanwhile
    s.busy = true;
    s.pending = false;
    void fn()
      .catch((e: Error) => onError(key, e))
      .finally(() => {
        s.timer = setTimeout(() => {
          // Only the key's current state may go on or end it (a closed coalescer's timers do nothing).
          if (state.get(key) !== s) return;
          s.busy = false;
          s.timer = undefined;
          if (s.pending) run(key, fn);
          else state.delete(key);
        }, windowOf(key));
        s.timer.unref();
      });
  };
  return {
    schedule(key: string, fn: () => Promise<void>): void {
      const s = state.get(key);
      if (s) {
        s.pending = true;
        return;
      }
      state.set(key, { busy: false, pending: false });
      run(key, fn);
    },
    /** Keys with a run in flight or waiting (for tests and shutdown). */
    size: () => state.size,
    close(): void {
      for (const s of state.values()) clearTimeout(s.timer);
      state.clear();
    },
  };
}
