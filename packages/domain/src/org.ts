import { z } from "zod";
import { listPageShape } from "./list-page.ts";

export const orgKinds = ["province", "city", "county", "school", "developmentCenter", "trainingInstitution"] as const;
export type TOrgKind = (typeof orgKinds)[number];
export const ZOrgKind = z.enum(orgKinds);

/** What may sit under what: 省 → 市 → 区县 → 学校, with development centres and training institutions beside them. */
export const allowedChildKinds: Record<TOrgKind, readonly TOrgKind[]> = {
  province: ["city", "developmentCenter", "trainingInstitution"],
  city: ["county", "school", "developmentCenter", "trainingInstitution"],
  county: ["school", "developmentCenter"],
  school: [],
  developmentCenter: [],
  trainingInstitution: [],
};

export function canContain(parent: TOrgKind, child: TOrgKind): boolean {
  return allowedChildKinds[parent].includes(child);
}

export const areas = ["urban", "rural"] as const;
export type TArea = (typeof areas)[number];

const ZName = z.string().trim().min(1, "required").max(60, "tooLong");
const ZCode = z
  .string()
  .trim()
  .min(2, "required")
  .max(32, "tooLong")
  .regex(/^[A-Za-z0-9-]+$/, "code");
const ZId = z.uuid("notFound");

/** Forms send strings; a checkbox list arrives as repeated fields, handled by the route. */
export const ZCreateOrgUnitInput = z
  .object({
    parentId: ZId,
    kind: ZOrgKind,
    name: ZName,
    code: ZCode,
    stages: z.array(z.string()).default([]),
    area: z.enum(areas).optional(),
  })
  .strict();
export type TCreateOrgUnitInput = z.infer<typeof ZCreateOrgUnitInput>;

export const ZRenameOrgUnitInput = z.object({ id: ZId, name: ZName }).strict();
export const ZMoveOrgUnitInput = z.object({ id: ZId, newParentId: ZId }).strict();
export const ZDeactivateOrgUnitInput = z.object({ id: ZId }).strict();

/** Teachers are listed in name order; the cursor is the last row's (name, id). */
export const ZTeacherListQuery = z.object({
  orgUnitId: z.uuid().optional(),
  stage: z.string().max(32).optional(),
  subject: z.string().max(32).optional(),
  title: z.string().max(32).optional(),
  rural: z.enum(["yes", "no"]).optional(),
  q: z.string().trim().max(64).optional(),
  after: z.string().max(300).optional(),
});
export type TTeacherListQuery = z.infer<typeof ZTeacherListQuery>;

/** 人员 as the page lists them: the same filters, numbered pages (size 20/50/100) and a sort on 教师编号, 姓名 or 学校. */
export const teacherSorts = ["teacherNo", "name", "school"] as const;
export type TTeacherSort = (typeof teacherSorts)[number];
export const ZTeacherPageQuery = ZTeacherListQuery.omit({ after: true })
  .extend(listPageShape({ sorts: teacherSorts, sort: "name", size: 50 }))
  .strict();
export type TTeacherPageQuery = z.infer<typeof ZTeacherPageQuery>;

export function encodeCursor(name: string, id: string): string {
  return encodeURIComponent(`${name}\u0001${id}`);
}

export function decodeCursor(cursor: string | undefined): { name: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [name, id] = decodeURIComponent(cursor).split("\u0001");
    if (name === undefined || !id || !z.uuid().safeParse(id).success) return null;
    return { name, id };
  } catch {
    return null;
  }
}
