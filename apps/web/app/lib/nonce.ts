import { createContext, useContext } from "react";

/**
 * This response's Content-Security-Policy nonce (server/security-headers.ts), given by the server entry to
 * the document so Remix's inline scripts carry it. In the browser it is empty: browsers hide the attribute
 * once the page is parsed, and scripts added later are loaded from this origin.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
