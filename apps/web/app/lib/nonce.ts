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

/**
 * The nonce for styles a library adds after load (antd's icon style): the server's, or in the browser the one
 * the page's scripts carry (the `nonce` property stays readable after the attribute is hidden).
 */
export function usePageNonce(): string | undefined {
  const server = useNonce();
  if (server) return server;
  if (typeof document === "undefined") return undefined;
  return document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce || undefined;
}
