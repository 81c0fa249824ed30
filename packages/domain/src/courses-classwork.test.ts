import { describe, expect, it } from "vitest";
import { parseTeacherNos, ZDiscussionPostInput, ZGradeSubmissionInput, ZSubmitAssignmentInput } from "./courses.ts";

const id = "00000000-0000-4000-8000-000000000001";

describe("classwork input rules", () => {
  it("reads pasted 教师编号 one per line or separated by commas, upper-cased, without duplicates or the header", () => {
    expect(parseTeacherNos("教师编号\nt001\r\nT002， T003、t001\n\n  ")).toEqual(["T001", "T002", "T003"]);
    expect(parseTeacherNos("   ")).toEqual([]);
  });

  it("an assignment needs text or a file; an empty file field counts as none", () => {
    expect(ZSubmitAssignmentInput.safeParse({ courseId: id, unitId: id, body: "  ", fileId: "" }).success).toBe(false);
    expect(ZSubmitAssignmentInput.safeParse({ courseId: id, unitId: id, fileId: id }).success).toBe(true);
    expect(ZSubmitAssignmentInput.parse({ courseId: id, unitId: id, body: "反思", fileId: "" }).fileId).toBeUndefined();
  });

  it("a fail needs a comment, a pass does not", () => {
    expect(ZGradeSubmissionInput.safeParse({ submissionId: id, result: "fail", comment: "" }).success).toBe(false);
    expect(ZGradeSubmissionInput.safeParse({ submissionId: id, result: "pass" }).success).toBe(true);
    expect(ZGradeSubmissionInput.safeParse({ submissionId: id, result: "maybe" }).success).toBe(false);
  });

  it("a post is 1 to 4000 characters", () => {
    expect(ZDiscussionPostInput.safeParse({ courseId: id, unitId: id, body: " " }).success).toBe(false);
    expect(ZDiscussionPostInput.safeParse({ courseId: id, unitId: id, body: "好".repeat(4000) }).success).toBe(true);
    expect(ZDiscussionPostInput.safeParse({ courseId: id, unitId: id, body: "好".repeat(4001) }).success).toBe(false);
  });
});
