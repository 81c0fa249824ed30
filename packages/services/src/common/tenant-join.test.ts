import { describe, expect, it } from "vitest";
import { PgDialect, alias } from "drizzle-orm/pg-core";
import { course, courseVersion, tenant, user } from "@yanxiu/db/schema";
import { tenantEq } from "./tenant-join.ts";

const sqlOf = (condition: ReturnType<typeof tenantEq>) => new PgDialect().sqlToQuery(condition).sql;

describe("a join between two tenant tables", () => {
  it("compares the ids and the two rows' tenants", () => {
    expect(sqlOf(tenantEq(user.id, course.ownerId))).toBe(
      '("user"."tenant_id" = "course"."tenant_id" and "user"."id" = "course"."owner_id")',
    );
  });
  it("takes each side's tenant from that side's table, aliased or not", () => {
    const published = alias(courseVersion, "published");
    expect(sqlOf(tenantEq(published.id, course.publishedVersionId))).toBe(
      '("published"."tenant_id" = "course"."tenant_id" and "published"."id" = "course"."published_version_id")',
    );
  });
  it("refuses a table that is not tenant data", () => {
    expect(() => tenantEq(tenant.id, user.tenantId)).toThrow(/no tenantId/);
  });
});
