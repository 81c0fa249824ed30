import { describe, expect, it } from "vitest";
import { adminScope, can, canMove, isAdministrator, type TAction, type TGrant } from "./permissions.ts";
import { roles, type TRole } from "./roles.ts";

// province P ─┬─ city C1 ─┬─ county K1 ─── school S1
//             │           └─ county K2 ─── school S2
//             └─ city C2 ─── county K3
const P = "/p/";
const C1 = "/p/c1/";
const K1 = "/p/c1/k1/";
const S1 = "/p/c1/k1/s1/";
const K2 = "/p/c1/k2/";
const S2 = "/p/c1/k2/s2/";
const C2 = "/p/c2/";
const K3 = "/p/c2/k3/";
const all = [P, C1, K1, S1, K2, S2, C2, K3];

const actions: TAction[] = ["org.view", "org.createChild", "org.edit", "people.view", "people.edit", "people.import", "people.export", "audit.view"];
const g = (role: TRole, orgPath: string | null): TGrant => ({ role, orgUnitId: orgPath, orgPath });

describe("the subtree permission function", () => {
  it("a county admin may do everything below their county and nothing elsewhere", () => {
    const county = [g("orgAdmin", K1)];
    for (const a of actions) {
      expect(can(county, a, S1), `${a} on own school`).toBe(true);
      for (const other of [P, C1, K2, S2, C2, K3]) expect(can(county, a, other), `${a} on ${other}`).toBe(false);
    }
  });

  it("at the root of their own scope an admin may view and add, but not rename, move or deactivate it", () => {
    const county = [g("orgAdmin", K1)];
    for (const a of actions.filter((x) => x !== "org.edit")) expect(can(county, a, K1), a).toBe(true);
    expect(can(county, "org.edit", K1)).toBe(false);
  });

  it("a city admin covers its counties and schools, not the other city or the province", () => {
    const city = [g("orgAdmin", C1)];
    for (const p of [K1, S1, K2, S2]) for (const a of actions) expect(can(city, a, p)).toBe(true);
    for (const p of [P, C2, K3]) for (const a of actions) expect(can(city, a, p)).toBe(false);
  });

  it("a school admin covers only their school", () => {
    const school = [g("orgAdmin", S1)];
    expect(can(school, "people.edit", S1)).toBe(true);
    expect(can(school, "org.edit", S1)).toBe(false);
    for (const p of all.filter((x) => x !== S1)) for (const a of actions) expect(can(school, a, p)).toBe(false);
  });

  it("a province admin at the root may do everything, including edit the province itself", () => {
    for (const grant of [g("provinceAdmin", P), g("provinceAdmin", null)]) {
      for (const p of all) for (const a of actions) expect(can([grant], a, p), `${a} on ${p}`).toBe(true);
    }
  });

  it("teachers, trainers, master teachers and platform operators administer nothing, wherever granted", () => {
    for (const role of roles.filter((r) => r !== "provinceAdmin" && r !== "orgAdmin")) {
      for (const at of [P, K1, null]) {
        const grants = [g(role, at)];
        expect(isAdministrator(grants)).toBe(false);
        for (const p of all) for (const a of actions) expect(can(grants, a, p), `${role}@${at} ${a} ${p}`).toBe(false);
      }
    }
  });

  it("several grants add up", () => {
    const two = [g("orgAdmin", K1), g("orgAdmin", K3), g("teacher", S2)];
    expect(can(two, "people.view", S1)).toBe(true);
    expect(can(two, "people.view", K3)).toBe(true);
    expect(can(two, "people.view", S2)).toBe(false);
    expect(adminScope(two)).toEqual([K1, K3]);
  });

  it("the scope drops subtrees already inside a wider grant", () => {
    expect(adminScope([g("orgAdmin", S1), g("orgAdmin", C1)])).toEqual([C1]);
    expect(adminScope([g("orgAdmin", S1), g("provinceAdmin", null)])).toBe("all");
    expect(adminScope([g("teacher", S1)])).toEqual([]);
  });

  it("a path that merely starts with the same characters is not inside", () => {
    expect(can([g("orgAdmin", "/p/c1/")], "people.view", "/p/c10/")).toBe(false);
  });

  it("a unit moves only within the mover's scope and never under itself", () => {
    const city = [g("orgAdmin", C1)];
    expect(canMove(city, S1, K2)).toBe(true);
    expect(canMove(city, S1, K3)).toBe(false);
    expect(canMove(city, K1, S1)).toBe(false);
    expect(canMove(city, C1, C2)).toBe(false);
    expect(canMove([g("orgAdmin", K1)], S1, K2)).toBe(false);
    expect(canMove([g("provinceAdmin", P)], K1, C2)).toBe(true);
  });
});
