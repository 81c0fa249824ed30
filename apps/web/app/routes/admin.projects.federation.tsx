import { useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { t } from "@yanxiu/ui/i18n";
import { FederationMessages } from "../components/federation-messages.tsx";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export const meta: MetaFunction = () => [{ title: t("federation.title") }];

/** 跨省消息: what this province exchanged with the platform for national projects (decision 021); province admins only. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  return load(context.services.federation.listFederationMessages({ actor, limit: 100 }));
}

export default function FederationPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="yx-stack">
      <h1>{t("federation.title")}</h1>
      <p className="yx-muted">{t("federation.intro")}</p>
      <FederationMessages sent={d.sent} received={d.received} />
    </div>
  );
}
