import type { TSessionUser } from "@yanxiu/services/auth";
import type { TActor } from "@yanxiu/services/org";
import type { TRtcIceServer } from "@yanxiu/domain/live";
import type { BoundModule } from "../server/bind.ts";
import type * as auth from "@yanxiu/services/auth";
import type * as audit from "@yanxiu/services/audit";
import type * as tenantsConsole from "@yanxiu/services/tenants/console";
import type * as org from "@yanxiu/services/org";
import type * as people from "@yanxiu/services/people";
import type * as imports from "@yanxiu/services/imports";
import type * as exports from "@yanxiu/services/exports";
import type * as coursesAuthoring from "@yanxiu/services/courses/authoring";
import type * as coursesLearning from "@yanxiu/services/courses/learning";
import type * as coursesClasswork from "@yanxiu/services/courses/classwork";
import type * as media from "@yanxiu/services/media";
import type * as credits from "@yanxiu/services/credits";
import type * as certificates from "@yanxiu/services/certificates";
import type * as rollups from "@yanxiu/services/rollups";
import type * as studios from "@yanxiu/services/studios";
import type * as live from "@yanxiu/services/live";
import type * as liveRecord from "@yanxiu/services/live-record";
import type * as coteaching from "@yanxiu/services/coteaching";
import type * as home from "@yanxiu/services/home";
import type * as projects from "@yanxiu/services/projects";
import type * as federation from "@yanxiu/services/federation";
import type * as reports from "@yanxiu/services/reports";
import type * as notifications from "@yanxiu/services/notifications";

/**
 * What server.ts hands every loader and action (types only: the browser bundle never sees the db): each
 * bounded context's service module, bound to the process's ports (server/bind.ts).
 */
export type WebServices = {
  auth: BoundModule<typeof auth>;
  audit: BoundModule<typeof audit>;
  tenants: BoundModule<typeof tenantsConsole>;
  org: BoundModule<typeof org>;
  people: BoundModule<typeof people>;
  imports: BoundModule<typeof imports>;
  exports: BoundModule<typeof exports>;
  authoring: BoundModule<typeof coursesAuthoring>;
  learning: BoundModule<typeof coursesLearning>;
  classwork: BoundModule<typeof coursesClasswork>;
  media: BoundModule<typeof media>;
  credits: BoundModule<typeof credits>;
  certificates: BoundModule<typeof certificates>;
  rollups: BoundModule<typeof rollups>;
  studios: BoundModule<typeof studios>;
  live: BoundModule<typeof live> & BoundModule<typeof liveRecord>;
  coteaching: BoundModule<typeof coteaching>;
  home: BoundModule<typeof home>;
  projects: BoundModule<typeof projects>;
  federation: BoundModule<typeof federation>;
  reports: BoundModule<typeof reports>;
  notifications: BoundModule<typeof notifications>;
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
