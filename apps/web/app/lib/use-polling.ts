import { useEffect } from "react";
import { useRevalidator } from "@remix-run/react";

/** While a job runs, re-reads the page's loader twice a second (progress bars of imports and exports). */
export function usePolling(active: boolean, everyMs = 500) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (state === "idle") revalidate();
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, revalidate, state]);
}
