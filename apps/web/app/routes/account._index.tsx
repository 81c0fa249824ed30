import { useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Button, Card, Descriptions, Space, Tag } from "antd";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { requireUser } from "../lib/guard.server.ts";

/** 个人资料: who is signed in, in which province, with which roles; the way to change the password. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const u = context.user!;
  return { tenantName: context.tenant!.name, displayName: u.displayName, login: u.login, roles: u.roles };
}

export default function Profile() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="yx-page">
      <h1>{t("profile.title")}</h1>
      <Card>
        <Descriptions
          column={1}
          items={[
            { key: "name", label: t("profile.name"), children: d.displayName },
            { key: "login", label: t("profile.login"), children: d.login },
            { key: "tenant", label: t("profile.tenant"), children: d.tenantName },
            {
              key: "roles",
              label: t("profile.roles"),
              children: (
                <Space wrap>
                  {d.roles.map((r) => (
                    <Tag key={r} color="blue">
                      {t(`role.${r}` as TMessageKey)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
        <Button type="primary" href="/account/password">
          {t("nav.password")}
        </Button>
      </Card>
    </div>
  );
}
