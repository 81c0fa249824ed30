import { Link } from "@remix-run/react";
import { Col, List, Progress, Row, Space, Tag } from "antd";
import type { TTeacherHome } from "@yanxiu/services/home";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { HomeCard, HomeEmpty, dayOf, timeOf } from "./parts.tsx";

/** Dates arrive as Date (single fetch) or as strings; the components read either. */
type Wire<T> = T extends Date ? Date | string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;
export type TTeacherHomeView = Wire<TTeacherHome>;

const paceColor = { onTrack: "success", behind: "error", done: "processing" } as const;

/** 我的学时: the ring toward the cycle requirement, the pace (the one rule of 我的学时) and what this year still lacks. */
export function CreditsCard({ credits: c }: { credits: TTeacherHomeView["credits"] }) {
  return (
    <HomeCard title={t("home.teacher.credits.title")} extra={<Link to="/my/credits">{t("home.credits.details")}</Link>} testId="home-credits">
      <div className="yx-home-credits">
        <Progress
          type="dashboard"
          percent={c.percent}
          size={148}
          status={c.pace === "behind" ? "exception" : c.pace === "done" ? "success" : "normal"}
          aria-label={t("home.credits.ringLabel", { hours: c.cycleHours, required: c.requiredHours })}
          format={() => (
            <span className="yx-home-ring">
              <strong data-testid="home-cycle-hours">{c.cycleHours}</strong>
              <small>{t("home.credits.hoursUnit")}</small>
            </span>
          )}
        />
        <div className="yx-home-credits-facts">
          <Space wrap size={[8, 4]}>
            <Tag color={paceColor[c.pace]} data-testid="home-pace">
              {t(`credits.pace.${c.pace}` as TMessageKey)}
            </Tag>
            <span className="yx-muted">{t("home.credits.cycle", { start: c.cycle.startYear, end: c.cycle.endYear })}</span>
          </Space>
          <p className="yx-home-credits-target">{t("home.credits.of", { required: c.requiredHours })}</p>
          <p data-testid="home-remaining">{c.remaining > 0 ? t("home.credits.remaining", { hours: c.remaining }) : t("home.credits.remainingDone")}</p>
          <p className="yx-muted">{t("home.credits.expected", { hours: c.expectedByNow })}</p>
          <p>
            {t("home.credits.year", { year: c.year, hours: c.yearHours, minimum: c.yearlyMinimum })}
            {" · "}
            <span data-testid="home-year-short">{c.yearShortfall > 0 ? t("home.credits.yearShort", { hours: c.yearShortfall }) : t("home.credits.yearMet")}</span>
          </p>
        </div>
      </div>
    </HomeCard>
  );
}

export function ContinueLearningCard({ home }: { home: TTeacherHomeView }) {
  return (
    <HomeCard title={t("home.continue.title")} extra={home.courseCount > 0 ? <Link to="/my/courses">{t("home.continue.all", { count: home.courseCount })}</Link> : undefined} testId="home-continue">
      {home.continueLearning.length === 0 ? (
        <HomeEmpty action={<Link to="/courses">{t("home.continue.catalogue")}</Link>}>{t("home.continue.empty")}</HomeEmpty>
      ) : (
        <List
          itemLayout="horizontal"
          dataSource={home.continueLearning}
          renderItem={(c) => (
            <List.Item key={c.courseId} actions={[<Link key="go" to={`/learn/${c.courseId}/${c.nextUnitId}`} aria-label={`${t("home.continue.go")}：${c.title}`}>{t("home.continue.go")}</Link>]}>
              <List.Item.Meta
                title={<Link to={`/learn/${c.courseId}`}>{c.title}</Link>}
                description={
                  <>
                    {c.nextUnitTitle ? <div>{t("home.continue.next", { title: c.nextUnitTitle })}</div> : null}
                    <Progress percent={c.progressPercent} size="small" aria-label={t("home.continue.progress", { percent: c.progressPercent })} />
                    {c.deadline ? <span className="yx-muted">{t("home.continue.deadline", { day: dayOf(c.deadline) })}</span> : null}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </HomeCard>
  );
}

/** The live sessions and offline check-ins ahead, soonest first. */
export function ScheduleCard({ home }: { home: TTeacherHomeView }) {
  const items = [
    ...home.sessions.map((s) => ({ key: `s-${s.id}`, at: s.status === "live" ? "" : String(s.scheduledStart), kind: "live" as const, s })),
    ...home.checkIns.map((c) => ({ key: `c-${c.unitId}`, at: String(c.startsAt), kind: "checkIn" as const, c })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <HomeCard title={t("home.schedule.title")} extra={<Link to="/my/live">{t("home.schedule.all")}</Link>} testId="home-schedule">
      {items.length === 0 ? (
        <HomeEmpty>{t("home.schedule.empty")}</HomeEmpty>
      ) : (
        <List
          dataSource={items}
          renderItem={(i) =>
            i.kind === "live" ? (
              <List.Item key={i.key} data-testid="home-session" actions={[<Link key="go" to={`/live/${i.s.id}`} aria-label={`${t("home.schedule.enter")}：${i.s.title}`}>{t("home.schedule.enter")}</Link>]}>
                <List.Item.Meta
                  title={
                    <Space wrap size={[8, 0]}>
                      <Tag color={i.s.status === "live" ? "red" : "blue"}>{i.s.status === "live" ? t("live.status.live") : t("home.schedule.live")}</Tag>
                      <span>{i.s.title}</span>
                    </Space>
                  }
                  description={[timeOf(i.s.startedAt ?? i.s.scheduledStart), i.s.studioName].filter(Boolean).join(" · ")}
                />
              </List.Item>
            ) : (
              <List.Item key={i.key} data-testid="home-check-in" actions={[<Link key="go" to={`/learn/${i.c.courseId}/${i.c.unitId}`} aria-label={`${t("home.schedule.goCheckIn")}：${i.c.title}`}>{t("home.schedule.goCheckIn")}</Link>]}>
                <List.Item.Meta
                  title={
                    <Space wrap size={[8, 0]}>
                      <Tag color="processing">{t("home.schedule.checkIn")}</Tag>
                      <span>{i.c.title}</span>
                    </Space>
                  }
                  description={`${timeOf(i.c.startsAt)} · ${i.c.courseTitle} · ${t("home.schedule.place", { place: i.c.place })}`}
                />
              </List.Item>
            )
          }
        />
      )}
    </HomeCard>
  );
}

export function AssignmentsCard({ home }: { home: TTeacherHomeView }) {
  return (
    <HomeCard title={t("home.assignments.title")} testId="home-assignments">
      {home.assignments.length === 0 ? (
        <HomeEmpty>{t("home.assignments.empty")}</HomeEmpty>
      ) : (
        <List
          dataSource={home.assignments}
          renderItem={(a) => (
            <List.Item key={`${a.courseId}-${a.unitId}`} actions={[<Link key="go" to={`/learn/${a.courseId}/${a.unitId}`} aria-label={`${t("home.assignments.go")}：${a.title}`}>{t("home.assignments.go")}</Link>]}>
              <List.Item.Meta
                title={
                  <Space wrap size={[8, 0]}>
                    <span>{a.title}</span>
                    <Tag color={a.state === "notStarted" ? "processing" : "default"}>{t(`home.assignments.${a.state}` as TMessageKey)}</Tag>
                  </Space>
                }
                description={[a.courseTitle, a.due ? t("home.assignments.due", { day: dayOf(a.due) }) : null].filter(Boolean).join(" · ")}
              />
            </List.Item>
          )}
        />
      )}
    </HomeCard>
  );
}

/** 名师工作室: the next activities of the teacher's studios; one way to find a studio to join. */
export function StudiosCard({ home }: { home: TTeacherHomeView }) {
  return (
    <HomeCard title={t("home.teacher.studios.title")} extra={<Link to="/studios">{t("home.studios.find")}</Link>} testId="home-studios">
      {home.studios.length === 0 ? (
        <HomeEmpty>{t("home.studios.empty")}</HomeEmpty>
      ) : home.studioActivities.length === 0 ? (
        <HomeEmpty>{t("home.studios.noActivities")}</HomeEmpty>
      ) : (
        <ActivityList activities={home.studioActivities} />
      )}
    </HomeCard>
  );
}

export function ActivityList({ activities }: { activities: TTeacherHomeView["studioActivities"] }) {
  return (
    <List
      dataSource={activities}
      renderItem={(a) => (
        <List.Item key={a.activityId}>
          <List.Item.Meta
            title={
              <Space wrap size={[8, 0]}>
                <Tag>{t(`studios.activity.${a.kind}` as TMessageKey)}</Tag>
                <Link to={`/studios/${a.studioId}?tab=plan`}>{a.title}</Link>
              </Space>
            }
            description={t("home.studios.activity", { studio: a.studioName, day: dayOf(a.date) })}
          />
        </List.Item>
      )}
    />
  );
}

/** The teacher's blocks, also the learning part of a master teacher's home. */
export function TeacherBlocks({ home }: { home: TTeacherHomeView }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10} xl={8}>
        <CreditsCard credits={home.credits} />
      </Col>
      <Col xs={24} lg={14} xl={16}>
        <ContinueLearningCard home={home} />
      </Col>
      <Col xs={24} lg={12}>
        <ScheduleCard home={home} />
      </Col>
      <Col xs={24} lg={12}>
        <AssignmentsCard home={home} />
      </Col>
    </Row>
  );
}
