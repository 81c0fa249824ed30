import { Link } from "@remix-run/react";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { chinaDateTime } from "../../lib/china-time.ts";

type TMyProject = { id: string; projectId: string; projectName: string; startsOn: string; endsOn: string; state: string; lastAction: string | null; lastAt: string | null };

const say = (key: string, fallback: string) => {
  const text = t(key as TMessageKey);
  return text === key ? fallback : text;
};

/** 我的培训项目: the projects a teacher is nominated to, where each stands, the latest step of its trail, and for a trainee the way to the briefs and questionnaires. */
export function MyProjects({ projects }: { projects: TMyProject[] }) {
  return (
    <Card title={t("projects.mine.title")} testId="my-projects">
      <ul className="yx-stack-tight">
        {projects.map((p) => (
          <li key={p.id} data-testid="my-project">
            {p.state === "approved" || p.state === "withdrawn" ? (
              <Link to={`/my/projects/${p.projectId}`}>
                <strong>{p.projectName}</strong>
              </Link>
            ) : (
              <strong>{p.projectName}</strong>
            )}（{t("projects.dates", { from: p.startsOn, to: p.endsOn })}）· {say(`projects.nomination.${p.state}`, p.state)}
            {p.state === "approved" ? (
              <div>
                <Link to={`/my/projects/${p.projectId}/evaluation`} data-testid="my-project-evaluation">
                  {t("evaluation.my.link")}
                </Link>
              </div>
            ) : null}
            {p.lastAction ? <div className="yx-muted">{t("projects.mine.latest", { what: say(`projects.trail.${p.lastAction}`, p.lastAction), when: chinaDateTime(p.lastAt) })}</div> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
