import { randomUUID } from "node:crypto";
import { listAuditEvents, recordAuditEvent } from "@yanxiu/db/audit";
import { invalidateSession, sessionIdFromToken, signIn, validateSessionToken } from "@yanxiu/db/auth";
import { createOrgUnit, deactivateOrgUnit, listOrgChildren, moveOrgUnit, renameOrgUnit, searchOrgUnits } from "@yanxiu/db/org";
import { createStaffAccount, getTeacher, listStaffAccounts, listTeachers, resetPassword, setAccountStatus, transferTeacher, updateTeacherProfile } from "@yanxiu/db/people";
import { changePassword } from "@yanxiu/db/auth";
import { sessionsEndedChannel, type Redis, type TSessionsEnded } from "@yanxiu/db/redis";
import type { FileStore } from "@yanxiu/db/files";
import { getRosterImport, listRosterImports, startRosterImport } from "@yanxiu/db/imports";
import { getPeopleExport, startPeopleExport } from "@yanxiu/db/exports";
import { createProvinceTenant, listTenantStats, setTenantStatus } from "@yanxiu/db/platform";
import { writeRosterTemplate } from "@yanxiu/db/roster";
import { AppError } from "@yanxiu/domain/errors";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isAppError } from "@yanxiu/domain/errors";
import type { Database, PlatformDatabase } from "@yanxiu/db/client";
import type { Producer } from "@yanxiu/db/queue";
import type { LoginThrottle } from "@yanxiu/db/redis";
import { signInAuditJob } from "@yanxiu/domain/jobs";
import type { WebServices } from "../app/load-context.ts";
import { createAuthoringServices } from "./services/authoring.ts";
import { createClassworkServices } from "./services/classwork.ts";
import { createLearningServices } from "./services/learning.ts";
import { createMediaServices } from "./services/media.ts";
import { createCreditsServices } from "./services/credits.ts";
import { createCertificatesServices } from "./services/certificates.ts";
import { createRollupsServices } from "./services/rollups.ts";
import { createStudiosServices } from "./services/studios.ts";
import { createLiveServices } from "./services/live.ts";
import { createCoTeachingServices } from "./services/coteaching.ts";

/** The service functions routes may call, bound to this process's connections. */
export function createWebServices(deps: { db: Database; platformDb: PlatformDatabase; throttle: LoginThrottle; producer: Producer; files: FileStore; redis: Redis; checkInSecret: string }): WebServices {
  const { db, files, producer } = deps;
  // Tells every realtime process to close the person's sockets now that their sessions are gone.
  const endSockets = (m: TSessionsEnded) => deps.redis.publish(sessionsEndedChannel, JSON.stringify(m)).then(() => undefined);
  const bind =
    <O extends { db: Database }, R>(f: (opts: O) => R) =>
    (opts: Omit<O, "db" | "files" | "producer">) =>
      f({ ...opts, db, files, producer } as unknown as O);
  let template: Promise<Buffer> | undefined;
  const shared = { db, files, producer, redis: deps.redis, checkInSecret: deps.checkInSecret };
  return {
    authoring: createAuthoringServices(shared),
    learning: createLearningServices(shared),
    classwork: createClassworkServices(shared),
    media: createMediaServices(shared),
    credits: createCreditsServices(shared),
    certificates: createCertificatesServices(shared),
    rollups: createRollupsServices(shared),
    studios: createStudiosServices(shared),
    live: createLiveServices(shared),
    coteaching: createCoTeachingServices(shared),
    async signIn({ tenantId, input, ip }) {
      const res = await signIn({ db, throttle: deps.throttle, tenantId, input, ip }).catch(async (e: unknown) => {
        // A failed sign-in is audited too (who tried which login from where), never the password.
        if (isAppError(e) && (e.code === "invalidCredentials" || e.code === "tooManyAttempts")) {
          const login = typeof input === "object" && input && "login" in input ? String((input as { login: unknown }).login).slice(0, 64) : null;
          await recordAuditEvent({ db, tenantId, actorId: null, eventId: randomUUID(), action: "signIn.failed", occurredAt: new Date(), ip, data: { login, reason: e.code } });
        }
        throw e;
      });
      // The audit record is written by the worker; the job id is the event id, so a retry writes it once.
      const eventId = randomUUID();
      await deps.producer.add(
        signInAuditJob,
        { v: 1, tenantId, actorId: res.userId, eventId, occurredAt: new Date().toISOString() },
        { jobId: eventId },
      );
      return res;
    },
    async signOut({ tenantId, token, actorId, ip }) {
      await invalidateSession({ db, tenantId, token });
      // That session's open sockets (this device's pages) close on every realtime process.
      await endSockets({ tenantId, sessionId: sessionIdFromToken(token) }).catch(() => undefined);
      await recordAuditEvent({ db, tenantId, actorId, eventId: randomUUID(), action: "signOut", occurredAt: new Date(), ip });
    },
    validateSession({ tenantId, token }) {
      return validateSessionToken({ db, tenantId, token });
    },
    org: {
      listChildren: bind(listOrgChildren),
      search: bind(searchOrgUnits),
      create: bind(createOrgUnit),
      rename: bind(renameOrgUnit),
      move: bind(moveOrgUnit),
      deactivate: bind(deactivateOrgUnit),
    },
    people: {
      list: bind(listTeachers),
      get: bind(getTeacher),
      async resetPassword(opts) {
        const r = await resetPassword({ ...opts, db });
        await endSockets({ tenantId: opts.actor.tenantId, userId: r.userId });
        return r;
      },
      async setStatus(opts) {
        const r = await setAccountStatus({ ...opts, db });
        if (r.status === "disabled") await endSockets({ tenantId: opts.actor.tenantId, userId: r.userId });
        return r;
      },
      transfer: bind(transferTeacher),
      createStaff: bind(createStaffAccount),
      updateProfile: bind(updateTeacherProfile),
      listStaff: bind(listStaffAccounts),
    },
    exports: {
      start: bind(startPeopleExport),
      get: bind(getPeopleExport),
      async readFile({ actor, id }) {
        const exp = await getPeopleExport({ db, actor, id });
        if (!exp.fileKey) throw new AppError("notFound", "export not written yet");
        return files.read(exp.fileKey);
      },
    },
    platform: {
      list: bind(listTenantStats),
      create: (opts) => createProvinceTenant({ ...opts, db, platformDb: deps.platformDb }),
      async setStatus(opts) {
        const r = await setTenantStatus({ ...opts, db, platformDb: deps.platformDb });
        if (r.status === "suspended") await endSockets({ tenantId: r.tenantId });
        return r;
      },
    },
    account: { changePassword: (opts) => changePassword({ ...opts, db }) },
    audit: { list: bind(listAuditEvents) },
    imports: {
      start: bind(startRosterImport),
      get: bind(getRosterImport),
      list: bind(listRosterImports),
      template() {
        // Made once per process: it never changes while the process runs.
        template ??= (async () => {
          const dir = await fs.mkdtemp(path.join(os.tmpdir(), "yx-template-"));
          const file = path.join(dir, "template.xlsx");
          await writeRosterTemplate(file);
          const bytes = await fs.readFile(file);
          await fs.rm(dir, { recursive: true, force: true });
          return bytes;
        })();
        return template;
      },
      async readReport({ actor, id }) {
        const imp = await getRosterImport({ db, actor, id });
        if (!imp.reportKey) throw new AppError("notFound", "no report");
        return { stream: files.read(imp.reportKey), fileName: `导入失败行-${imp.fileName.replace(/\.(xlsx|csv)$/i, "")}.xlsx` };
      },
    },
  };
}
