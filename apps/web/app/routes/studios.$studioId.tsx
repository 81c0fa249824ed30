import { NavLink, Outlet, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { studioTabs } from "@yanxiu/domain/studios";
import { t } from "@yanxiu/ui/i18n";
import { LearningErrorBoundary } from "../components/learning/shell.tsx";
import { StudioFrame } from "../components/studios/frame.tsx";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/**
 * /studios/:studioId — the studio's frame: its facts, the viewer's place in it and what they may do (every
 * tab needs them), the heading and the tabs. Each tab is a route of its own (studios.$studioId.*.tsx) that
 * loads only its data and answers only its forms. Another province's studio is a 404.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const page = await load(context.services.studios.studioPage({ actor, query: { studioId: params.studioId ?? "" } }));
  return { shell, studio: page.studio, me: page.me, perms: page.perms };
}

/** Moving between tabs or pages of one studio keeps its facts; a form sent, or another studio, reads them again. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, currentParams, nextParams, defaultShouldRevalidate }) =>
  (!formMethod || formMethod.toUpperCase() === "GET") && currentParams.studioId === nextParams.studioId ? false : defaultShouldRevalidate;

export default function StudioLayout() {
  const d = useLoaderData<typeof loader>();
  const s = d.studio;
  return (
    <StudioFrame
      shell={d.shell}
      back={{ to: "/studios", label: t("studios.back") }}
      title={
        <>
          {s.name} {s.status === "archived" ? <span className="yx-badge">{t("studios.archived")}</span> : null}
        </>
      }
    >
      <nav className="yx-tabs" aria-label={t("studios.tabs")}>
        {studioTabs.map((tab) => (
          <NavLink
            key={tab}
            to={tab === "overview" ? `/studios/${s.id}` : `/studios/${s.id}/${tab}`}
            end={tab === "overview"}
            className={({ isActive }) => (isActive ? "yx-tab yx-tab-active" : "yx-tab")}
            data-testid={`studio-tab-${tab}`}
          >
            {t(`studios.tab.${tab}`)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </StudioFrame>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
