import type { TSessionUser } from "@yanxiu/db/auth";

export type SocketData = { tenantId: string; user: TSessionUser };
