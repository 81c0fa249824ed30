import { describe, expect, it } from "vitest";
import { notificationKinds, notificationParams, type TNotificationKind, type TNotificationParams } from "@yanxiu/domain/notifications";
import { noticeText } from "./notice-text.ts";

/** One notice of each kind with every fact set, as a producer writes it. */
const samples: { [K in TNotificationKind]: TNotificationParams<K> } = {
  fixedPointPassed: { claimTitle: "课堂提问", itemKind: "paper", level: "county", nextLevel: "province" },
  fixedPointReturned: { claimTitle: "课堂提问", itemKind: "paper", level: "county", reason: "缺版权页" },
  fixedPointRejected: { claimTitle: "课堂提问", itemKind: "research", level: "school", reason: "非本人" },
  fixedPointApproved: { claimTitle: "课堂提问", itemKind: "paper", level: "province", value: 18, unit: "hours" },
  externalApproved: { title: "暑期研修", hours: 10 },
  externalRejected: { title: "暑期研修", reason: "证书不清晰" },
  reportOverdue: { projectName: "骨干教师培训", dueOn: "2026-07-15" },
  enrolmentNotAdmitted: { projectName: "骨干教师培训", className: "语文1班", reason: "按报名先后录取" },
  enrolmentClassCancelled: { projectName: "骨干教师培训", className: "数学1班" },
  annualReportReady: { unitName: "湖南省", year: 2026 },
};

describe("the words of a notice", () => {
  it("every kind has a title and a body with every placeholder filled", () => {
    for (const kind of notificationKinds) {
      const params = notificationParams[kind].parse(samples[kind]) as TNotificationParams;
      const { title, body } = noticeText({ kind, params });
      expect(title, kind).not.toMatch(/notifications\.|\{\w+\}/);
      expect(body, kind).not.toMatch(/notifications\.|credits\.|\{\w+\}/);
    }
  });

  it("says what happened, where, and why", () => {
    expect(noticeText({ kind: "fixedPointPassed", params: samples.fixedPointPassed }).body).toBe("你申报的论文发表「课堂提问」已通过县级审核，等待省级审核。");
    expect(noticeText({ kind: "fixedPointReturned", params: samples.fixedPointReturned }).body).toContain("退回理由：缺版权页");
    expect(noticeText({ kind: "fixedPointApproved", params: samples.fixedPointApproved }).body).toContain("记入 18 学时");
    expect(noticeText({ kind: "reportOverdue", params: samples.reportOverdue }).title).toBe("「骨干教师培训」的绩效评估报告已逾期");
    expect(noticeText({ kind: "enrolmentNotAdmitted", params: samples.enrolmentNotAdmitted }).title).toBe("「骨干教师培训」语文1班未录取");
    expect(noticeText({ kind: "enrolmentNotAdmitted", params: samples.enrolmentNotAdmitted }).body).toContain("理由：按报名先后录取");
    expect(noticeText({ kind: "enrolmentClassCancelled", params: samples.enrolmentClassCancelled }).title).toBe("「骨干教师培训」数学1班未开班");
    expect(noticeText({ kind: "annualReportReady", params: samples.annualReportReady }).title).toBe("湖南省 2026 年度质量报告已自动生成");
  });

  it("a notice whose facts no longer fit shows a plain line", () => {
    expect(noticeText(null)).toEqual({ title: "一条消息", body: "这条消息的内容已无法显示，请打开链接查看。" });
  });
});
