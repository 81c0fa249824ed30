import { z } from "zod";

/**
 * The paging and sorting part of a list's query as it stands in the page's URL: `page` (1–1000, offset pages
 * like the audit log), `size` (one of the list's sizes) and `sort` + `dir` (one of the list's sortable
 * columns, ascending or descending). A blank field means the default; anything else malformed is refused.
 */
export const listPageSizes = [20, 50, 100] as const;
export const sortDirections = ["asc", "desc"] as const;
export type TSortDirection = (typeof sortDirections)[number];
/** Offset pages stop here: a deeper page costs the database too much, and filters find it faster. */
export const maxListPage = 1000;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export function listPageShape<S extends string>(opts: {
  sorts: readonly [S, ...S[]];
  sort: S;
  dir?: TSortDirection;
  sizes?: readonly number[];
  size?: number;
}) {
  const sizes = opts.sizes ?? listPageSizes;
  const defaultSize = opts.size ?? sizes[0]!;
  return {
    page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(maxListPage).default(1)),
    size: z.preprocess(
      blankToUndefined,
      z.coerce
        .number()
        .int()
        .refine((n) => sizes.includes(n), "size")
        .default(defaultSize),
    ),
    sort: z.preprocess(blankToUndefined, z.enum(opts.sorts as unknown as [S, ...S[]]).default(opts.sort as never)),
    dir: z.preprocess(blankToUndefined, z.enum(sortDirections).default(opts.dir ?? "asc")),
  };
}

/** The page and size without sorting (a list with one fixed order). */
export function listPagingShape(opts: { sizes?: readonly number[]; size?: number } = {}) {
  const { page, size } = listPageShape({ sorts: ["default"], sort: "default", ...opts });
  return { page, size };
}

/** The rows to skip for a page. */
export const pageOffset = (q: { page: number; size: number }) => (q.page - 1) * q.size;

/** Text for LIKE that matches itself: the wildcards and the escape character escaped. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
