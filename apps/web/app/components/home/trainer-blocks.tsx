import { Link } from "@remix-run/react";
import { Col, List, Row, Space, Statistic, Tag } from "antd";
import type { TTrainerHome } from "@yanxiu/services/home";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { HomeCard, HomeEmpty, timeOf } from "./parts.tsx";

const states = ["draft", "inReview", "published", "returned"] as const;
const stateColor = { draft: "default", inReview: "processing", published: "success", returned: "error", archived: "default" } as const;

/** 我发布的课程: how many courses stand where, and the drafts (sent back first) waiting for the author. */
export function TrainerCoursesCard({ home }: { home: TTrainerHome }) {
  return (
    <HomeCard
      title={t("home.trainer.courses.title")}
      extra={
        <Space size={12}>
          <Link to="/trainer/courses/new">{t("home.trainer.new")}</Link>
          <Link to="/trainer/courses">{t("home.viewAll")}</Link>
        </Space>
      }
      testId="home-trainer-courses"
    >
      <Row gutter={[8, 8]} className="yx-home-states">
        {states.map((s) => (
          <Col key={s} xs={12} sm={6}>
            <Statistic title={t(`home.trainer.state.${s}` as TMessageKey)} value={home.counts[s]} data-testid={`home-state-${s}`} />
          </Col>
        ))}
      </Row>
      {home.total === 0 ? (
        <HomeEmpty action={<Link to="/trainer/courses/new">{t("home.trainer.new")}</Link>}>{t("home.trainer.empty")}</HomeEmpty>
      ) : home.attention.length > 0 ? (
        <>
          <h3 className="yx-home-subheading">{t("home.trainer.attention")}</h3>
          <List
            size="small"
            dataSource={[...home.attention].sort((a, b) => (a.state === "returned" ? -1 : 0) - (b.state === "returned" ? -1 : 0))}
            renderItem={(c) => (
              <List.Item key={c.courseId}>
                <Space wrap size={[8, 0]}>
                  <Tag color={stateColor[c.state]}>{t(`home.trainer.state.${c.state}` as TMessageKey)}</Tag>
                  <Link to={`/trainer/courses/${c.courseId}`}>{c.title}</Link>
                </Space>
              </List.Item>
            )}
          />
        </>
      ) : null}
    </HomeCard>
  );
}

/** 我的班级: each published course's class, the submissions waiting for a grade first, and its next check-in. */
export function TrainerClassesCard({ home }: { home: TTrainerHome }) {
  return (
    <HomeCard title={t("home.trainer.classes")} testId="home-trainer-classes">
      {home.classes.length === 0 ? (
        <HomeEmpty>{t("home.trainer.classesEmpty")}</HomeEmpty>
      ) : (
        <List
          dataSource={home.classes}
          renderItem={(c) => (
            <List.Item key={c.courseId} actions={[<Link key="open" to={`/teach/${c.courseId}`} aria-label={`${t("home.trainer.openClass")}：${c.title}`}>{t("home.trainer.openClass")}</Link>]}>
              <List.Item.Meta
                title={c.title}
                description={
                  <Space direction="vertical" size={2}>
                    <Space wrap size={[8, 4]}>
                      <span>{t("home.trainer.enrolled", { count: c.enrolled })}</span>
                      {c.pendingGrading > 0 ? (
                        <Link to={`/teach/${c.courseId}/grading`}>
                          <Tag color="processing">{t(c.moreGrading ? "home.trainer.gradingMore" : "home.trainer.grading", { count: c.pendingGrading })}</Tag>
                        </Link>
                      ) : (
                        <span className="yx-muted">{t("home.trainer.noGrading")}</span>
                      )}
                    </Space>
                    {c.nextCheckIn ? (
                      <Link to={`/teach/${c.courseId}/check-in/${c.nextCheckIn.unitId}`}>{t("home.trainer.nextCheckIn", { title: c.nextCheckIn.title, time: timeOf(c.nextCheckIn.startsAt) })}</Link>
                    ) : null}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </HomeCard>
  );
}

/** 国家级项目班级: for an implementing university's staff (a trainer of the platform tenant), the classes they serve. */
export function NationalClassesCard({ classes }: { classes: { projectId: string; name: string; classCode: string; trainees: number }[] }) {
  return (
    <HomeCard title={t("home.trainer.nationalClasses")} testId="home-national-classes">
      <List
        size="small"
        dataSource={classes}
        renderItem={(c) => (
          <List.Item key={`${c.projectId}:${c.classCode}`}>
            <Space wrap size={[8, 0]}>
              <Link to={`/platform/projects/${c.projectId}?classCode=${encodeURIComponent(c.classCode)}`}>{c.name}</Link>
              <span className="yx-muted">{t("home.trainer.nationalClass", { class: c.classCode, trainees: c.trainees })}</span>
            </Space>
          </List.Item>
        )}
      />
    </HomeCard>
  );
}
