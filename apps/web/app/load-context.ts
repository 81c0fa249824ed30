import type { TSession, TSessionUser, TSessionValidation } from "@yanxiu/db/auth";
import type { createOrgUnit, deactivateOrgUnit, listOrgChildren, moveOrgUnit, renameOrgUnit, searchOrgUnits, TActor } from "@yanxiu/db/org";
import type { createStaffAccount, getTeacher, listStaffAccounts, listTeachers, resetPassword, setAccountStatus, transferTeacher, updateTeacherProfile } from "@yanxiu/db/people";
import type { listAuditEvents } from "@yanxiu/db/audit";
import type { getRosterImport, listRosterImports, startRosterImport } from "@yanxiu/db/imports";
import type { getPeopleExport, startPeopleExport } from "@yanxiu/db/exports";
import type { createProvinceTenant, listTenantStats, setTenantStatus } from "@yanxiu/db/platform";
import type { Readable } from "node:stream";
import type { TRtcIceServer } from "@yanxiu/domain/live";
import type { AuthoringServices } from "./services/authoring.ts";
import type { ClassworkServices } from "./services/classwork.ts";
import type { LearningServices } from "./services/learning.ts";
import type { MediaServices } from "./services/media.ts";
import type { CreditsServices } from "./services/credits.ts";
import type { CertificatesServices } from "./services/certificates.ts";
import type { RollupsServices } from "./services/rollups.ts";
import type { StudiosServices } from "./services/studios.ts";
import type { LiveServices } from "./services/live.ts";
import type { CoTeachingServices } from "./services/coteaching.ts";

type Bound<F extends (opts: never) => unknown> = (opts: Omit<Parameters<F>[0], "db" | "platformDb" | "files" | "producer">) => ReturnType<F>;

/** What server.ts hands every loader and action (types only: the browser bundle never sees the db). */
export type WebServices = {
  signIn(opts: { tenantId: string; input: unknown; ip: string }): Promise<{ token: string; session: TSession; userId: string }>;
  signOut(opts: { tenantId: string; token: string; actorId: string; ip: string }): Promise<void>;
  org: {
    listChildren: Bound<typeof listOrgChildren>;
    search: Bound<typeof searchOrgUnits>;
    create: Bound<typeof createOrgUnit>;
    rename: Bound<typeof renameOrgUnit>;
    move: Bound<typeof moveOrgUnit>;
    deactivate: Bound<typeof deactivateOrgUnit>;
  };
  people: {
    list: Bound<typeof listTeachers>;
    get: Bound<typeof getTeacher>;
    resetPassword: Bound<typeof resetPassword>;
    setStatus: Bound<typeof setAccountStatus>;
    transfer: Bound<typeof transferTeacher>;
    createStaff: Bound<typeof createStaffAccount>;
    updateProfile: Bound<typeof updateTeacherProfile>;
    listStaff: Bound<typeof listStaffAccounts>;
  };
  exports: {
    start: Bound<typeof startPeopleExport>;
    get: Bound<typeof getPeopleExport>;
    readFile(opts: { actor: TActor; id: string }): Promise<Readable>;
  };
  platform: {
    list: Bound<typeof listTenantStats>;
    create: Bound<typeof createProvinceTenant>;
    setStatus: Bound<typeof setTenantStatus>;
  };
  account: { changePassword(opts: { tenantId: string; userId: string; token: string; ip: string; input: unknown }): Promise<void> };
  audit: { list: Bound<typeof listAuditEvents> };
  imports: {
    start: Bound<typeof startRosterImport>;
    get: Bound<typeof getRosterImport>;
    list: Bound<typeof listRosterImports>;
    /** The roster template (.xlsx) as bytes. */
    template(): Promise<Buffer>;
    /** A stored file of an import the actor may see (its rejected-rows report). */
    readReport(opts: { actor: TActor; id: string }): Promise<{ stream: Readable; fileName: string }>;
  };
  validateSession(opts: { tenantId: string; token: string | null }): Promise<TSessionValidation>;
  authoring: AuthoringServices;
  learning: LearningServices;
  classwork: ClassworkServices;
  media: MediaServices;
  credits: CreditsServices;
  certificates: CertificatesServices;
  rollups: RollupsServices;
  studios: StudiosServices;
  live: LiveServices;
  coteaching: CoTeachingServices;
};

export type { TActor };

export type TRequestTenant = { id: string; slug: string; name: string; kind: "province" | "platform"; status: "active" | "suspended" };

export type WebLoadContext = {
  services: WebServices;
  tenant: TRequestTenant | null;
  user: TSessionUser | null;
  sessionToken: string | null;
  clientIp: string;
  cookieSecure: boolean;
  realtimePort: number;
  /** STUN/TURN servers for the live room's audio/video (RTC_ICE_SERVERS). */
  iceServers: TRtcIceServer[];
  /** This response's Content-Security-Policy nonce (server/security-headers.ts), for the document's scripts. */
  cspNonce: string;
};

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends WebLoadContext {}
}
