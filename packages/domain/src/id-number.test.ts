import { describe, expect, it } from "vitest";
import { idCheckChar, maskIdNumber, parseIdNumber } from "./id-number.ts";

const today = "2026-12-07";

describe("身份证号 (GB 11643-1999)", () => {
  it("computes the MOD 11-2 check character, X included", () => {
    // The standard's own example, and a number whose check character is X.
    expect(idCheckChar("11010519491231002")).toBe("X");
    expect(idCheckChar("44052418800101001")).toBe("4");
  });

  it("accepts an 18-character number as typed (spaces, a lower-case x) and widens a 15-digit one", () => {
    expect(parseIdNumber("11010519491231002x", today)).toEqual({ ok: true, value: "11010519491231002X" });
    const hn = "43010219850715001";
    const c = idCheckChar(hn);
    expect(parseIdNumber(` 430102 19850715 001${c.toLowerCase()} `, today)).toEqual({ ok: true, value: hn + c });
    // Born before 1900: not a teacher's number (the standard's 1880 example is refused on purpose).
    expect(parseIdNumber("440524188001010014", today)).toMatchObject({ ok: false, reason: "身份证号中的出生日期无效" });
    // 15 digits: 19 inserted before the two-digit year, the check character computed.
    const widened = parseIdNumber("110105491231002", today);
    expect(widened).toEqual({ ok: true, value: "11010519491231002X" });
  });

  it("refuses a wrong check character, an impossible or future birth date, a bad shape and a zero region", () => {
    expect(parseIdNumber("110105194912310021", today)).toEqual({ ok: false, reason: "身份证号校验位不正确，请核对" });
    expect(parseIdNumber(`11010519490231${"002"}`.padEnd(17, "0") + "0", today)).toMatchObject({ ok: false, reason: "身份证号中的出生日期无效" });
    const future = "1101052030010100" + "1";
    expect(parseIdNumber(future + idCheckChar(future), today)).toMatchObject({ ok: false, reason: "身份证号中的出生日期无效" });
    expect(parseIdNumber("1234", today).ok).toBe(false);
    expect(parseIdNumber("11010519491231002Y", today).ok).toBe(false);
    expect(parseIdNumber("11010519491231002\u0000", today).ok).toBe(false);
    const zero = "0101051949123100" + "2";
    expect(parseIdNumber(zero + idCheckChar(zero), today)).toMatchObject({ ok: false, reason: "身份证号格式不正确（地区码有误）" });
  });

  it("masks all but the region and the last four", () => {
    expect(maskIdNumber("11010519491231002X")).toBe("110105********002X");
    expect(maskIdNumber("110105491231002")).toBe("110105*****1002");
    expect(maskIdNumber("12345")).toBe("*****");
  });
});
