import { describe, expect, it } from "vitest";
import { creditSchemePresets } from "./credit-scheme-presets.ts";
import { formRowCounts, parseSchemeForm, rateText, schemeToForm } from "./credit-scheme-form.ts";

describe("the scheme form", () => {
  it("reads back every preset exactly from the fields it fills (rates such as 1/3 included)", () => {
    for (const preset of Object.values(creditSchemePresets)) {
      const { effectiveTo: _to, ...rest } = preset;
      const r = parseSchemeForm(schemeToForm(preset), { key: preset.key, version: preset.version });
      expect(r).toEqual({ ok: true, scheme: { ...rest, notes: preset.notes } });
    }
    expect(schemeToForm(creditSchemePresets.shaanxi).defaultRate).toBe("1/3");
    expect(rateText(0.05)).toBe("0.05");
  });

  it("drops blank rows, keeps the form's row numbers in its problems, and reads full-width digits", () => {
    const base = schemeToForm(creditSchemePresets.beijing);
    const r = parseSchemeForm(
      {
        ...base,
        cycleMinimum: "３６",
        "conversions.2.category": "",
        "conversions.2.rate": "",
        "conversions.7.category": "concentrated",
        "conversions.7.rate": "0.2",
        "fixedPoints.0.kind": "paper",
        "fixedPoints.0.category": "schoolBased",
        "fixedPoints.0.valueByLevel.provincial": "2",
        "fixedPoints.0.evidence": "发表页、封面",
        "fixedPoints.0.approvalChain.county": "on",
        "fixedPoints.0.approvalChain.school": "on",
      },
      { key: "beijing-2016", version: 2 },
    );
    // Row 7 repeats row 0's rule (集中培训, every level and role); the approval chain is read bottom-up.
    expect(r).toEqual({ ok: false, errors: { "conversions.7": ["折算规则重复：集中培训 各级 各角色"] } });
    const ok = parseSchemeForm({ ...base, "fixedPoints.0.kind": "paper", "fixedPoints.0.category": "schoolBased", "fixedPoints.0.valueByLevel.provincial": "2", "fixedPoints.0.evidence": "发表页、封面", "fixedPoints.0.approvalChain.county": "on", "fixedPoints.0.approvalChain.school": "on" }, { key: "beijing-2016", version: 2 });
    expect(ok.ok && ok.scheme.fixedPoints).toEqual([{ kind: "paper", category: "schoolBased", valueByLevel: { provincial: 2 }, evidence: ["发表页", "封面"], approvalChain: ["school", "county"] }]);
  });

  it("reports what is not a number by field, and refuses hostile text with a reason", () => {
    const r = parseSchemeForm({ ...schemeToForm(creditSchemePresets.shandong), "cycle.years": "五", "categoryLimits.online.yearMax": "1e9", name: "x".repeat(101) }, { key: "shandong-2021", version: 1 });
    expect(r).toEqual({ ok: false, errors: { "cycle.years": ["请填写数字"], "categoryLimits.online.yearMax": ["请填写数字"], name: ["方案名称最多 100 字"] } });
    const crlf = parseSchemeForm({ ...schemeToForm(creditSchemePresets.shandong), name: "a\r\nb" }, { key: "shandong-2021", version: 1 });
    expect(crlf).toEqual({ ok: false, errors: { name: ["方案名称不能包含控制字符"] } });
  });

  it("offers two blank rows after the filled ones", () => {
    expect(formRowCounts(schemeToForm(creditSchemePresets.shaanxi))).toEqual({ conversions: 6, cover: 2, fixedPoints: 6 });
    expect(formRowCounts(schemeToForm(creditSchemePresets.shandong))).toEqual({ conversions: 2, cover: 2, fixedPoints: 8 });
  });
});
