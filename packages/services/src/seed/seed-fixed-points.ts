import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { OwnerDatabase } from "@yanxiu/db/client";
import { fixedPointClaim, storedFile } from "@yanxiu/db/schema";
import { chinaDay } from "@yanxiu/domain/china-time";
import { submitFixedPointClaim } from "../credits/fixed-points.ts";

/**
 * One pending 定额项目 claim (decision 032) for the demo teacher, so an admin sees the queue on `npm start`: a
 * provincial paper, waiting at the county (论文: county → province). Submitted through the service, as the
 * teacher would. Its two evidence files are rows only: the seed has no file store, so opening them says the
 * file is missing. Left alone once the teacher has any claim.
 */
export async function seedDemoFixedPointClaim(owner: OwnerDatabase, tenantId: string, teacher: { id: string; schoolId: string }) {
  const [existing] = await owner.withTenant(tenantId, (tx) => tx.select({ id: fixedPointClaim.id }).from(fixedPointClaim).where(eq(fixedPointClaim.teacherId, teacher.id)).limit(1));
  if (existing) return existing.id;
  const file = async (name: string) => {
    const id = randomUUID();
    await owner.withTenant(tenantId, (tx) =>
      tx.insert(storedFile).values({ tenantId, id, ownerId: teacher.id, purpose: "creditProof", mime: "application/pdf", key: `${tenantId}/media/${id}.pdf`, size: 1, originalName: name }),
    );
    return id;
  };
  const actor = { tenantId, actorId: teacher.id, grants: [{ role: "teacher" as const, orgUnitId: teacher.schoolId, orgPath: null }] };
  const { id } = await submitFixedPointClaim({
    db: owner,
    actor,
    input: {
      kind: "paper",
      level: "provincial",
      title: "“双减”背景下初中语文分层作业设计",
      happenedOn: chinaDay(),
      description: "发表于省级期刊《湖湘教育》本年第 4 期，独立作者。",
      evidence: [
        { label: "刊物封面及目录", fileId: await file("刊物封面及目录.pdf") },
        { label: "论文正文", fileId: await file("论文正文.pdf") },
      ],
    },
  });
  return id;
}
