import * as audit from "@yanxiu/services/audit";
import * as auth from "@yanxiu/services/auth";
import * as certificates from "@yanxiu/services/certificates";
import * as coteaching from "@yanxiu/services/coteaching";
import * as authoring from "@yanxiu/services/courses/authoring";
import * as classwork from "@yanxiu/services/courses/classwork";
import * as learning from "@yanxiu/services/courses/learning";
import * as credits from "@yanxiu/services/credits";
import * as exports from "@yanxiu/services/exports";
import * as home from "@yanxiu/services/home";
import * as imports from "@yanxiu/services/imports";
import * as live from "@yanxiu/services/live";
import * as liveRecord from "@yanxiu/services/live-record";
import * as media from "@yanxiu/services/media";
import * as org from "@yanxiu/services/org";
import * as people from "@yanxiu/services/people";
import * as projects from "@yanxiu/services/projects";
import * as federation from "@yanxiu/services/federation";
import * as reports from "@yanxiu/services/reports";
import * as notifications from "@yanxiu/services/notifications";
import * as rollups from "@yanxiu/services/rollups";
import * as studios from "@yanxiu/services/studios";
import * as tenants from "@yanxiu/services/tenants/console";
import type { WebServices } from "../app/load-context.ts";
import { bindModule, type TServicePorts } from "./bind.ts";

/**
 * The service functions routes may call, bound to this process's ports (decision 003): one entry per
 * bounded context, each the whole module's functions under their own names.
 */
export function createWebServices(ports: TServicePorts): WebServices {
  const bind = <M extends object>(mod: M) => bindModule(mod, ports);
  return {
    auth: bind(auth),
    audit: bind(audit),
    tenants: bind(tenants),
    org: bind(org),
    people: bind(people),
    imports: bind(imports),
    exports: bind(exports),
    authoring: bind(authoring),
    learning: bind(learning),
    classwork: bind(classwork),
    media: bind(media),
    credits: bind(credits),
    certificates: bind(certificates),
    rollups: bind(rollups),
    studios: bind(studios),
    live: { ...bind(live), ...bind(liveRecord) },
    coteaching: bind(coteaching),
    home: bind(home),
    projects: bind(projects),
    federation: bind(federation),
    reports: bind(reports),
    notifications: bind(notifications),
  };
}
