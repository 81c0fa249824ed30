import * as a from "@yanxiu/services/courses/authoring";
import type { AuthoringServices } from "../../app/services/authoring.ts";
import type { TServiceDeps } from "./deps.ts";

export function createAuthoringServices(deps: TServiceDeps): AuthoringServices {
  const { db } = deps;
  return {
    listCategories: (o) => a.listCategories({ db, ...o }),
    addCategory: (o) => a.addCategory({ db, ...o }),
    listInstitutions: (o) => a.listInstitutions({ db, ...o }),
    formOptions: (o) => a.getCourseFormOptions({ db, ...o }),
    createCourse: (o) => a.createCourse({ db, ...o }),
    updateFacts: (o) => a.updateFacts({ db, ...o }),
    getForEdit: (o) => a.getCourseForEdit({ db, ...o }),
    listMine: (o) => a.listMyCourses({ db, ...o }),
    addSection: (o) => a.addSection({ db, ...o }),
    renameSection: (o) => a.renameSection({ db, ...o }),
    deleteSection: (o) => a.deleteSection({ db, ...o }),
    moveSection: (o) => a.moveSection({ db, ...o }),
    addUnit: (o) => a.addUnit({ db, ...o }),
    updateUnit: (o) => a.updateUnit({ db, ...o }),
    deleteUnit: (o) => a.deleteUnit({ db, ...o }),
    moveUnit: (o) => a.moveUnit({ db, ...o }),
    submit: (o) => a.submitForReview({ db, ...o }),
    withdraw: (o) => a.withdraw({ db, ...o }),
    approve: (o) => a.approve({ db, ...o }),
    sendBack: (o) => a.sendBack({ db, ...o }),
    reviewQueue: (o) => a.listReviewQueue({ db, ...o }),
    getReview: (o) => a.getReviewVersion({ db, ...o }),
    archive: (o) => a.archiveCourse({ db, ...o }),
    restore: (o) => a.restoreCourse({ db, ...o }),
    startNewDraft: (o) => a.startNewDraft({ db, ...o }),
    moveEnrollments: (o) => a.moveEnrollments({ db, ...o }),
  };
}
