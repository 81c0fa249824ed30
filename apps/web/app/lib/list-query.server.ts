/**
 * The URL side of a browsable list (课程目录, 名师工作室): its filters come from the query string and its pages
 * are keyset pages (`after` = the last row's cursor), so the links keep the filters and change only `after`.
 */

/** The list's filters as the URL gives them; an empty field of the filter form means "any" and is left out. */
export function readListQuery(request: Request, keys: readonly string[]): Record<string, string> {
  const params = new URL(request.url).searchParams;
  const query: Record<string, string> = {};
  for (const k of keys) {
    const v = params.get(k)?.trim();
    if (v) query[k] = v;
  }
  return query;
}

/** The first page's link (only off the first page) and the next page's (only when there is one), filters kept. */
export function keysetPageLinks(path: string, query: Record<string, string>, next: string | null | undefined) {
  const rest = new URLSearchParams(Object.entries(query).filter(([k]) => k !== "after"));
  return {
    nextHref: next ? `${path}?${new URLSearchParams([...rest, ["after", next]])}` : null,
    firstHref: query.after ? `${path}?${rest}` : null,
  };
}
