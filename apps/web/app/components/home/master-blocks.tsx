import { Link } from "@remix-run/react";
import { List, Space, Tag } from "antd";
import type { TMasterTeacherHome } from "@yanxiu/services/home";
import { t } from "@yanxiu/ui/i18n";
import { HomeCard, HomeEmpty } from "./parts.tsx";
import { ActivityList, type TTeacherHomeView } from "./teacher-blocks.tsx";

export type TMasterHomeView = TTeacherHomeView & Pick<TMasterTeacherHome, "hosting" | "pendingApplications">;

/** 我主持的工作室: each studio with its members and the applications waiting, then the plan's next activities. */
export function HostingCard({ home }: { home: TMasterHomeView }) {
  return (
    <HomeCard title={t("home.master.hosting")} testId="home-hosting">
      {home.hosting.length === 0 ? (
        <HomeEmpty>{t("home.master.empty")}</HomeEmpty>
      ) : (
        <>
          <List
            dataSource={home.hosting}
            renderItem={(s) => (
              <List.Item
                key={s.studioId}
                actions={
                  s.pendingApplications > 0
                    ? [<Link key="review" to={`/studios/${s.studioId}?tab=members`} aria-label={`${t("home.master.review")}：${s.name}`}>{t("home.master.review")}</Link>]
                    : []
                }
              >
                <List.Item.Meta
                  title={<Link to={`/studios/${s.studioId}`}>{s.name}</Link>}
                  description={
                    <Space wrap size={[8, 4]}>
                      <span>{t("home.master.members", { count: s.memberCount })}</span>
                      {s.pendingApplications > 0 ? (
                        <Tag color="processing" data-testid="home-pending-applications">{t("home.master.pending", { count: s.pendingApplications })}</Tag>
                      ) : (
                        <span className="yx-muted">{t("home.master.noPending")}</span>
                      )}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
          <h3 className="yx-home-subheading">{t("home.master.nextActivities")}</h3>
          {home.studioActivities.length === 0 ? <HomeEmpty>{t("home.master.planEmpty")}</HomeEmpty> : <ActivityList activities={home.studioActivities} />}
        </>
      )}
    </HomeCard>
  );
}
