/** The fields of a teacher that an import row or a form provides (the domain's roster row has this shape). */
export type TRosterLike = {
  teacherNo: string;
  name: string;
  gender: "male" | "female";
  phone: string;
  email: string | null;
  stages: string[];
  subjects: string[];
  title: string | null;
  backboneLevel: "national" | "provincial" | "city" | "county" | "school" | null;
};
