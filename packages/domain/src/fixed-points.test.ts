import { describe, expect, it } from "vitest";
import { creditSchemePresets } from "./credit-scheme-presets.ts";
import { claimEvidenceFromForm, claimRefusal, claimSteps, nextClaimState, normaliseClaimTitle, ZClaimDecisionInput } from "./fixed-points.ts";

const paper = creditSchemePresets.shaanxi.fixedPoints.find((f) => f.kind === "paper")!;
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

describe("fixed-point claims", () => {
  it("titles compare without width, case, spaces and punctuation", () => {
    expect(normaliseClaimTitle("《基于 问题链 的教学》")).toBe(normaliseClaimTitle("基于问题链的教学。"));
    expect(normaliseClaimTitle("ＡＢＣ 研究")).toBe("abc研究");
    expect(normaliseClaimTitle("《》")).toBe("");
  });

  it("a claim must fit its item: a valued level, each named evidence once", () => {
    const ev = [
      { label: "刊物封面及目录", fileId: id(1) },
      { label: "论文正文", fileId: id(2) },
    ];
    expect(claimRefusal(paper, { level: "provincial", evidence: ev })).toBeNull();
    expect(claimRefusal(undefined, { level: "provincial", evidence: ev })).toEqual({ kind: ["本方案不认定这一定额项目"] });
    expect(claimRefusal(paper, { level: "school", evidence: ev })).toEqual({ level: ["这一级别不在本项目的认定范围"] });
    expect(claimRefusal(paper, { level: "county", evidence: [ev[0]!] })).toEqual({ evidence: ["请上传：论文正文"] });
    expect(claimRefusal(paper, { level: "county", evidence: [ev[0]!, { ...ev[1]!, fileId: id(1) }] })).toEqual({ evidence: ["同一文件不能重复上传"] });
  });

  it("the chain's units come from the teacher's path; a level missing there is skipped", () => {
    const units = [
      { id: "p", kind: "province", path: "/p/" },
      { id: "k", kind: "county", path: "/p/k/" },
      { id: "s", kind: "school", path: "/p/k/s/" },
    ];
    expect(claimSteps(["school", "county", "city"], units)).toEqual([
      { level: "school", unitId: "s" },
      { level: "county", unitId: "k" },
    ]);
    expect(claimSteps(["city"], units)).toBeNull();
  });

  it("decisions move a pending claim: pass to the next step or the award, return and reject end the round", () => {
    expect(nextClaimState({ status: "pending", step: 0, steps: 2 }, "pass")).toEqual({ status: "pending", step: 1, final: false });
    expect(nextClaimState({ status: "pending", step: 1, steps: 2 }, "pass")).toEqual({ status: "approved", step: 1, final: true });
    expect(nextClaimState({ status: "pending", step: 1, steps: 2 }, "return")).toEqual({ status: "returned", step: 1, final: false });
    expect(nextClaimState({ status: "approved", step: 1, steps: 2 }, "pass")).toBeNull();
    expect(nextClaimState({ status: "returned", step: 0, steps: 2 }, "reject")).toBeNull();
  });

  it("a reason is required to return or reject, and may span lines but hold no NUL", () => {
    const base = { claimId: id(1), round: "1", step: "0" };
    expect(ZClaimDecisionInput.safeParse({ ...base, decision: "pass" }).success).toBe(true);
    expect(ZClaimDecisionInput.safeParse({ ...base, decision: "return", reason: " " }).error?.issues[0]?.message).toBe("请填写退回理由");
    expect(ZClaimDecisionInput.safeParse({ ...base, decision: "reject", reason: "a\r\nb" }).success).toBe(true);
    expect(ZClaimDecisionInput.safeParse({ ...base, decision: "reject", reason: "a\u0000" }).error?.issues[0]?.message).toBe("理由不能包含控制字符");
  });

  it("reads evidence from the form's numbered fields, dropping blank uploads", () => {
    expect(claimEvidenceFromForm({ "evidenceLabel.0": "证书", "evidenceFile.0": id(1), "evidenceLabel.1": "正文", "evidenceFile.1": "" })).toEqual([{ label: "证书", fileId: id(1) }]);
  });
});
