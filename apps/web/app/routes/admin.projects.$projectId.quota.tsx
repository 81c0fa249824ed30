import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { hasNulByte } from "@yanxiu/domain/limits";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { errorFor } from "../lib/authoring.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { RefusedRows } from "../components/rows-table.tsx";
import { StudioField as Field } from "../components/studios/fields.tsx";
import { useProjectFrame } from "./admin.projects.$projectId.tsx";

/**
 * 名额分配: the 名额分配表 (allocated, used and remaining at each level and over its subtree), a form to send
 * seats to a unit one level down from any allocation the admin administers, and the table as .xlsx both ways.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const plan = await load(context.services.projects.quotaPlan({ actor, query: { projectId: params.projectId } }));
  return { rows: plan.rows, targets: plan.targets, quotaKeys: plan.project.quotaKeys };
}

type TImportAnswer = { ok: true; intent: "import"; applied: number; unchanged: number } | { ok: false; intent: "import"; message: string; rows: { rowNumber: number; unitCode: string; reasons: string[] }[] };

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const form = await request.formData().catch(() => null);
  if (!form || [...form.entries()].some(([k, v]) => hasNulByte(k) || (typeof v === "string" && hasNulByte(v)))) fail("badRequest");
  const get = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const s = context.services.projects;
  if (get("intent") === "allocate") {
    // The choice names the allocation the seats come from and the unit they go to: "<allocation>/<unit>".
    const [parentAllocationId = "", orgUnitId = ""] = get("target").split("/");
    return runIntent("allocate", () =>
      s.allocateQuota({ actor, input: { projectId: params.projectId, parentAllocationId, orgUnitId, quotaKey: get("quotaKey"), seats: get("seats") } }),
    );
  }
  if (get("intent") === "import") {
    const file = form.get("file");
    if (!file || typeof file === "string" || file.size === 0) return data<TImportAnswer>({ ok: false, intent: "import", message: t("projects.quota.file"), rows: [] }, { status: 400 });
    try {
      const r = await s.importQuotaTable({ actor, input: { projectId: params.projectId, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } });
      if (r.ok) return data<TImportAnswer>({ ok: true, intent: "import", applied: r.applied, unchanged: r.unchanged });
      return data<TImportAnswer>({ ok: false, intent: "import", message: r.message ?? t("projects.quota.importFailed"), rows: r.rows.map((x) => ({ rowNumber: x.rowNumber, unitCode: x.unitCode, reasons: x.reasons })) }, { status: 400 });
    } catch (e) {
      const fieldErrors = (e as { fieldErrors?: Record<string, string[]> }).fieldErrors;
      if (fieldErrors?.file?.[0]) return data<TImportAnswer>({ ok: false, intent: "import", message: fieldErrors.file[0], rows: [] }, { status: 400 });
      throw e;
    }
  }
  fail("badRequest");
}

const numbers = ["seats", "allocated", "used", "remaining", "usedInSubtree", "remainingInSubtree"] as const;
type TRow = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

/** The rows depth first, each under its parent (a row whose parent is not shown starts a branch of its own). */
function inTreeOrder(rows: TRow[]): TRow[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string | null, TRow[]>();
  for (const r of rows) {
    const parent = r.parentId && ids.has(r.parentId) ? r.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: TRow[] = [];
  const walk = (parent: string | null) => {
    for (const r of children.get(parent) ?? []) {
      out.push(r);
      walk(r.id);
    }
  };
  walk(null);
  return out;
}

export default function ProjectQuota() {
  const d = useLoaderData<typeof loader>();
  const { project: p } = useProjectFrame();
  const r = useActionData<typeof action>() as (TActionResult | TImportAnswer) | undefined;
  const busy = useNavigation().state === "submitting";
  const allocated = r && r.intent === "allocate" ? (r as TActionResult) : undefined;
  const imported = r && r.intent === "import" ? (r as TImportAnswer) : undefined;
  const err = (name: string) => errorFor(allocated, "allocate", name);
  const open = p.state !== "closed" && p.enrolmentMode !== "selfEnrolment";
  return (
    <>
      <Card title={t("projects.quota.title")}>
        <p className="yx-muted">{t("projects.quota.intro")}</p>
        {d.rows.length === 0 ? (
          <EmptyState>{t("projects.quota.empty")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="quota-table">
              <thead>
                <tr>
                  <th scope="col">{t("projects.quota.unit")}</th>
                  <th scope="col">{t("projects.quota.key")}</th>
                  {numbers.map((k) => (
                    <th key={k} scope="col" className="yx-credits-num">
                      {t(`projects.quota.${k}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {inTreeOrder(d.rows).map((row) => (
                  <tr key={row.id} data-testid="quota-row">
                    <th scope="row" className={`yx-projects-depth-${Math.min(row.depth, 4)}`}>
                      {row.unitName}
                    </th>
                    <td>{row.quotaKey || t("projects.quota.keyAll")}</td>
                    {numbers.map((k) => (
                      <td key={k} className="yx-credits-num">
                        {row[k]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
        <p>
          <a href={`/admin/projects/${p.id}/quota.xlsx`} download data-testid="quota-export">
            {t("projects.quota.export")}
          </a>
        </p>
      </Card>
      <Card title={t("projects.quota.allocate")}>
        {!open ? (
          <p className="yx-muted">{t("projects.quota.closed")}</p>
        ) : d.targets.length === 0 ? (
          <EmptyState>{t("projects.quota.noTargets")}</EmptyState>
        ) : (
          <Form method="post" noValidate aria-label={t("projects.quota.allocate")} data-testid="allocate-form">
            <p className="yx-muted">{t("projects.quota.allocateIntro")}</p>
            <input type="hidden" name="intent" value="allocate" />
            {allocated?.ok ? (
              <p className="yx-success" role="status">
                {t("projects.quota.saved")}
              </p>
            ) : allocated && !err("orgUnitId") && !err("seats") && !err("quotaKey") ? (
              <p className="yx-alert" role="alert">
                {allocated.message || t(errorMessageKey(allocated.code))}
              </p>
            ) : null}
            <Field id="allocate-target" label={t("projects.quota.target")} error={err("orgUnitId") ?? err("parentAllocationId")}>
              {(db) => (
                <select id="allocate-target" name="target" defaultValue="" aria-describedby={db}>
                  <option value="">{t("projects.quota.chooseTarget")}</option>
                  {d.targets.map((x) => (
                    <option key={`${x.parentAllocationId}/${x.unitId}`} value={`${x.parentAllocationId}/${x.unitId}`}>
                      {t("projects.quota.targetOption", { unit: x.unitName, parent: x.parentName, key: x.parentKey ? t("projects.quota.keyOf", { key: x.parentKey }) : "", seats: x.seats })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {d.quotaKeys.length > 0 ? (
              <Field id="allocate-key" label={t("projects.quota.keyField")} error={err("quotaKey")}>
                {(db) => (
                  <select id="allocate-key" name="quotaKey" defaultValue="" aria-describedby={db}>
                    <option value="">{t("projects.quota.keyInherit")}</option>
                    {d.quotaKeys.map((k) => (
                      <option key={k} value={k}>
                        {k}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : null}
            <Field id="allocate-seats" label={t("projects.quota.seatsField")} error={err("seats")}>
              {(db) => <input id="allocate-seats" name="seats" inputMode="numeric" aria-describedby={db} />}
            </Field>
            <button type="submit" className="yx-primary" disabled={busy} data-testid="allocate-submit">
              {t("projects.quota.submit")}
            </button>
          </Form>
        )}
      </Card>
      {open && d.targets.length > 0 ? (
        <Card title={t("projects.quota.import")}>
          <p className="yx-muted">{t("projects.quota.importIntro")}</p>
          {imported?.ok ? (
            <p className="yx-success" role="status">
              {t("projects.quota.imported", { applied: imported.applied, unchanged: imported.unchanged })}
            </p>
          ) : imported ? (
            <RefusedRows message={imported.message} keyLabel={t("projects.quota.unitCode")} rows={imported.rows.map((x) => ({ rowNumber: x.rowNumber, key: x.unitCode, reasons: x.reasons }))} />
          ) : null}
          <Form method="post" encType="multipart/form-data" className="yx-inline-form" aria-label={t("projects.quota.import")}>
            <input type="hidden" name="intent" value="import" />
            <label>
              {t("projects.quota.file")}
              <input type="file" name="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" data-testid="quota-file" />
            </label>
            <button type="submit" disabled={busy} data-testid="quota-import">
              {t("projects.quota.importSubmit")}
            </button>
          </Form>
        </Card>
      ) : null}
    </>
  );
}
