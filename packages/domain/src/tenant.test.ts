import { describe, expect, it } from "vitest";
import { resolveHost, tenantRoom } from "./tenant.ts";

describe("resolveHost", () => {
  it("a province sub-domain names that province, whatever the port", () => {
    expect(resolveHost("hunan.localhost:3000", "localhost")).toEqual({ kind: "tenant", slug: "hunan" });
    expect(resolveHost("SiChuan.LocalHost", "localhost")).toEqual({ kind: "tenant", slug: "sichuan" });
  });
  it("the bare app domain is the platform host", () => {
    expect(resolveHost("localhost:3000", "localhost")).toEqual({ kind: "platform" });
    expect(resolveHost("yanxiu.cn", "yanxiu.cn")).toEqual({ kind: "platform" });
  });
  it("other domains, nested sub-domains and bad slugs are unknown", () => {
    for (const h of ["evil.com", "a.b.localhost", "-x.localhost", "x.localhost.evil.com", "", "hunanlocalhost", "h_n.localhost"]) {
      expect(resolveHost(h, "localhost")).toEqual({ kind: "unknown" });
    }
    expect(resolveHost(null, "localhost")).toEqual({ kind: "unknown" });
  });
  it("room names carry the tenant id", () => {
    expect(tenantRoom("abc")).toBe("tenant:abc");
  });
});
