import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { defaultClassSize, maxClassSize } from "@yanxiu/domain/projects-running";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { chinaDateTime } from "../lib/china-time.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { iso } from "../lib/iso.ts";
import { ActionBanner, confirmOn } from "../components/projects/action-banner.tsx";
import { RouteErrorBoundary } from "../components/route-error.tsx";

/**
 * 编班: the implementing unit, the automatic split per subject, each class with its trainees (调班 one by one),
 * its 班主任 and mentors (found by name among the province's teachers, studio hosts marked), the trainees not
 * placed yet, and publishing the list to the trainees.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const s = context.services.projects;
  const page = await load(s.classesPage({ actor, query: { projectId: params.projectId } }));
  const found = q ? await load(s.staffOptions({ actor, query: { projectId: params.projectId, q } })) : [];
  return { ...page, plan: { ...page.plan, publishedAt: page.plan.publishedAt ? iso(page.plan.publishedAt) : null }, q, found };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const f = await readForm(request);
  const s = context.services.projects;
  const projectId = params.projectId;
  switch (f.intent) {
    case "form":
      return runIntent("form", () => s.formClasses({ actor, input: { projectId, classSize: f.classSize } }));
    case "move":
      return runIntent("move", () => s.moveTrainee({ actor, input: { projectId, nominationId: f.nominationId, classId: f.classId } }));
    case "head":
      return runIntent("head", () => s.setHeadTeacher({ actor, input: { classId: f.classId, userId: f.userId } }));
    case "mentor":
      return runIntent("mentor", () => s.addClassMentor({ actor, input: { classId: f.classId, userId: f.userId } }));
    case "unmentor":
      return runIntent("mentor", () => s.removeClassMentor({ actor, input: { classId: f.classId, userId: f.userId } }));
    case "publish":
      return runIntent("publish", () => s.publishClasses({ actor, input: { projectId } }));
    case "implementing":
      return runIntent("implementing", () => s.setImplementingUnit({ actor, input: { projectId, unitId: f.unitId } }));
  }
  fail("badRequest");
}

export default function ClassesPage() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const can = d.canRun;
  const classOptions = d.classes.map((c) => (
    <option key={c.id} value={c.id}>
      {c.name}
    </option>
  ));
  return (
    <div className="yx-stack">
      <ActionBanner r={r} done={(i) => `projects.classes.done.${i}` as TMessageKey} />
      {!can ? <p className="yx-muted">{t("projects.classes.readOnly")}</p> : null}
      <Card title={t("projects.classes.implementing")}>
        {d.manages ? (
          <Form method="post" className="yx-inline-form">
            <input type="hidden" name="intent" value="implementing" />
            <label htmlFor="implementing-unit" className="yx-sr-only">
              {t("projects.classes.implementing")}
            </label>
            <select id="implementing-unit" name="unitId" defaultValue={d.plan.implementingUnit?.id ?? ""}>
              <option value="">{t("projects.classes.implementingNone")}</option>
              {d.implementingOptions.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
            <button type="submit" disabled={busy}>
              {t("projects.classes.implementingSave")}
            </button>
          </Form>
        ) : (
          <p>{d.plan.implementingUnit?.name ?? t("projects.classes.implementingNone")}</p>
        )}
      </Card>
      <Card title={t("projects.classes.auto")}>
        <p className="yx-muted">{t("projects.classes.autoHint")}</p>
        <Form method="post" className="yx-inline-form" onSubmit={d.classes.length > 0 ? confirmOn(t("projects.classes.autoConfirm")) : undefined}>
          <input type="hidden" name="intent" value="form" />
          <label htmlFor="class-size">{t("projects.classes.classSize")}</label>
          <input id="class-size" name="classSize" type="number" min={1} max={maxClassSize} required defaultValue={d.plan.classSize ?? defaultClassSize} style={{ width: "6em" }} />
          <button type="submit" disabled={busy || !can || d.plan.publishedAt !== null}>
            {t("projects.classes.autoSubmit")}
          </button>
        </Form>
        <p data-testid="classes-published">{d.plan.publishedAt ? t("projects.classes.published", { at: chinaDateTime(d.plan.publishedAt) }) : t("projects.classes.unpublished")}</p>
        {d.classes.length > 0 && d.plan.publishedAt === null ? (
          <Form method="post" className="yx-inline-form" onSubmit={confirmOn(t("projects.classes.publishConfirm"))}>
            <input type="hidden" name="intent" value="publish" />
            <button type="submit" className="yx-primary" disabled={busy || !can}>
              {t("projects.classes.publish")}
            </button>
          </Form>
        ) : null}
      </Card>
      {d.classes.length === 0 ? <EmptyState>{d.unplaced.length ? t("projects.classes.empty") : t("projects.classes.noTrainees")}</EmptyState> : null}
      <div className="yx-grid" data-testid="classes">
        {d.classes.map((c) => (
          <Card key={c.id} title={c.name} testId="class-card">
            <dl className="yx-facts">
              <dt>{t("projects.classes.headTeacher")}</dt>
              <dd>
                {c.headTeacher ? c.headTeacher.name : t("projects.classes.noHead")}
                {c.headTeacher && can ? (
                  <Form method="post" style={{ display: "inline" }}>
                    <input type="hidden" name="intent" value="head" />
                    <input type="hidden" name="classId" value={c.id} />
                    <button type="submit" className="yx-link-button" disabled={busy}>
                      {t("projects.classes.clearHead")}
                    </button>
                  </Form>
                ) : null}
              </dd>
              <dt>{t("projects.classes.mentors")}</dt>
              <dd>
                {c.mentors.length === 0 ? t("projects.classes.noMentors") : null}
                <ul className="yx-stack-tight">
                  {c.mentors.map((m) => (
                    <li key={m.userId}>
                      {m.name}
                      {m.school ? <span className="yx-muted">（{m.school}）</span> : null}
                      {m.hostsStudio ? <span className="yx-badge">{t("projects.classes.studioHost")}</span> : null}
                      {can ? (
                        <Form method="post" style={{ display: "inline" }}>
                          <input type="hidden" name="intent" value="unmentor" />
                          <input type="hidden" name="classId" value={c.id} />
                          <input type="hidden" name="userId" value={m.userId} />
                          <button type="submit" className="yx-link-button" disabled={busy}>
                            {t("projects.classes.removeMentor")}
                          </button>
                        </Form>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </dd>
            </dl>
            <h3>{t("projects.classes.members", { n: c.members.length })}</h3>
            <ul className="yx-stack-tight" data-testid="class-members">
              {c.members.map((m) => (
                <li key={m.nominationId} data-testid="class-member">
                  {m.name} <span className="yx-muted">{m.school ?? ""}</span>
                  {can && d.classes.length > 1 ? (
                    <Form method="post" className="yx-inline-form">
                      <input type="hidden" name="intent" value="move" />
                      <input type="hidden" name="nominationId" value={m.nominationId} />
                      <select name="classId" aria-label={t("projects.classes.moveTo")} defaultValue={c.id}>
                        {classOptions}
                      </select>
                      <button type="submit" disabled={busy}>
                        {t("projects.classes.move")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          </Card>
        ))}
      </div>
      {d.unplaced.length > 0 && d.classes.length > 0 ? (
        <Card title={t("projects.classes.unplaced", { n: d.unplaced.length })}>
          <ul className="yx-stack-tight">
            {d.unplaced.map((m) => (
              <li key={m.nominationId}>
                {m.name} <span className="yx-muted">{m.subject}</span>
                <Form method="post" className="yx-inline-form">
                  <input type="hidden" name="intent" value="move" />
                  <input type="hidden" name="nominationId" value={m.nominationId} />
                  <select name="classId" aria-label={t("projects.classes.place")}>
                    {classOptions}
                  </select>
                  <button type="submit" disabled={busy || !can}>
                    {t("projects.classes.place")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {d.classes.length > 0 && can ? (
        <Card title={`${t("projects.classes.headTeacher")} / ${t("projects.classes.mentors")}`}>
          <Form method="get" className="yx-inline-form">
            <label htmlFor="staff-q">{t("projects.classes.search")}</label>
            <input id="staff-q" name="q" type="search" defaultValue={d.q} maxLength={50} />
            <button type="submit">{t("projects.classes.searchSubmit")}</button>
          </Form>
          {d.q && d.found.length === 0 ? <p className="yx-muted">{t("projects.classes.noMatch")}</p> : null}
          <ul className="yx-stack-tight" data-testid="staff-found">
            {d.found.map((p) => (
              <li key={p.userId}>
                {p.name} <span className="yx-muted">{p.teacherNo} · {p.school}</span>
                {p.hostsStudio ? <span className="yx-badge">{t("projects.classes.studioHost")}</span> : null}
                <Form method="post" className="yx-inline-form">
                  <input type="hidden" name="userId" value={p.userId} />
                  <select name="classId" aria-label={t("projects.classes.forClass")}>
                    {classOptions}
                  </select>
                  <button type="submit" name="intent" value="head" disabled={busy}>
                    {t("projects.classes.setHead")}
                  </button>
                  <button type="submit" name="intent" value="mentor" disabled={busy}>
                    {t("projects.classes.addMentor")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
