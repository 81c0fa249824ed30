import { fail } from "../lib/errors.server.ts";

/** Any path no route claims: the root error page with a Chinese 404, not a logged router error. */
export async function loader() {
  fail("notFound");
}

export default function NotFound() {
  return null;
}
