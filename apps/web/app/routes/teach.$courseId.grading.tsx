import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { ClassPage, ClassPager } from "../components/class-page.tsx";
import { readForm } from "../lib/admin.server.ts";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { chinaDateTime } from "../lib/china-time.ts";
import { load } from "../lib/errors.server.ts";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { requireUser, shellOf } from "../lib/guard.server.ts";

/** /teach/:courseId/grading — submissions awaiting a grade, oldest first; pass or fail with a comment. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const courseId = params.courseId ?? "";
  const after = new URL(request.url).searchParams.get("after");
  const q = await load(context.services.classwork.gradingQueue({ actor, courseId, after, limit: 20 }));
  return { shell: shellOf(context), courseId, ...q };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const form = await readForm(request);
  return runIntent(String(form.submissionId ?? ""), () =>
    context.services.classwork.gradeSubmission({ actor, input: { submissionId: form.submissionId, result: form.result, comment: form.comment ?? "" } }).then(() => undefined),
  );
}

export default function Grading() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const base = `/teach/${d.courseId}`;
  return (
    <ClassPage shell={d.shell} courseId={d.courseId}>
      <div className="yx-toolbar">
        <h1>{t("classwork.grading.title", { course: d.courseTitle })}</h1>
        <a href={`${base}/grading.xlsx`} download>{t("classwork.exportExcel")}</a>
      </div>
      {d.items.length === 0 ? (
        <EmptyState>{t("classwork.grading.empty")}</EmptyState>
      ) : (
        d.items.map((i) => <GradeCard key={i.submissionId} item={i} />)
      )}
      <ClassPager path={`${base}/grading`} onFirstPage={!params.get("after")} next={d.next} />
    </ClassPage>
  );
}

type TItem = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function GradeCard(props: { item: TItem }) {
  const i = props.item;
  const fetcher = useFetcher<TActionResult>();
  return (
    <Card title={`${i.name}${i.school ? `（${i.school}）` : ""} · ${i.unitTitle}`} testId="grading-item">
      <p className="yx-muted">
        {t("classwork.grading.submittedAt")} <time dateTime={new Date(i.submittedAt).toISOString()}>{chinaDateTime(i.submittedAt)}</time>
      </p>
      {i.body ? <p className="yx-classwork-text">{i.body}</p> : null}
      {i.fileName && i.fileId ? (
        <p>
          <a href={`/files/${i.fileId}`} target="_blank" rel="noreferrer">
            {t("classwork.assignment.file", { name: i.fileName })}
          </a>
        </p>
      ) : null}
      <fetcher.Form method="post" className="yx-form-grid">
        <input type="hidden" name="submissionId" value={i.submissionId} />
        <fieldset>
          <legend>{t("classwork.grading.result")}</legend>
          <label className="yx-check">
            <input type="radio" name="result" value="pass" required /> {t("classwork.grading.pass")}
          </label>
          <label className="yx-check">
            <input type="radio" name="result" value="fail" /> {t("classwork.grading.fail")}
          </label>
        </fieldset>
        <label>
          {t("classwork.grading.comment")}
          <textarea name="comment" rows={3} maxLength={2000} />
        </label>
        <button type="submit" className="yx-primary" disabled={fetcher.state !== "idle"}>{t("classwork.grading.submit")}</button>
      </fetcher.Form>
      {fetcher.data && !fetcher.data.ok ? <p className="yx-alert" role="alert">{fetcher.data.message}</p> : null}
    </Card>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
