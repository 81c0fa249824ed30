import type { TInfoField } from "@yanxiu/domain/projects";
import { t } from "@yanxiu/ui/i18n";
import { StudioField as Field } from "../studios/fields.tsx";

/**
 * The project's 信息表 as form fields (`answers.<key>`), built from its field definitions; each shows the
 * message the domain's validator gave it (`answers.<key>` in the field errors).
 */
export function InfoAnswersFields(props: { fields: TInfoField[]; values?: Record<string, unknown>; errors: Record<string, string> }) {
  const { fields, errors } = props;
  const values = props.values ?? {};
  return (
    <>
      {fields.map((f) => {
        const id = `answer-${f.key}`;
        const name = `answers.${f.key}`;
        const err = errors[f.key] ?? null;
        const value = values[f.key];
        const labelText = f.required ? `${f.label} *` : f.label;
        if (f.kind === "multiSelect") {
          const chosen = Array.isArray(value) ? value : [];
          return (
            <fieldset key={f.key} className="yx-field" aria-describedby={err ? `${id}-error` : undefined}>
              <legend>{labelText}</legend>
              <div>
                {f.options.map((o) => (
                  <label key={o} className="yx-check">
                    <input type="checkbox" name={name} value={o} defaultChecked={chosen.includes(o)} /> {o}
                  </label>
                ))}
              </div>
              {err ? (
                <span id={`${id}-error`} className="yx-field-error" role="alert" data-testid={`error-${id}`}>
                  {err}
                </span>
              ) : null}
            </fieldset>
          );
        }
        return (
          <Field key={f.key} id={id} label={labelText} error={err}>
            {(db) =>
              f.kind === "select" ? (
                <select id={id} name={name} defaultValue={typeof value === "string" ? value : ""} aria-describedby={db} aria-invalid={err ? true : undefined}>
                  <option value="">{t("projects.nominate.chooseOption")}</option>
                  {f.options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : f.kind === "text" && f.maxLength > 100 ? (
                <textarea id={id} name={name} rows={3} maxLength={f.maxLength} defaultValue={typeof value === "string" ? value : ""} aria-describedby={db} aria-invalid={err ? true : undefined} />
              ) : (
                <input
                  id={id}
                  name={name}
                  type={f.kind === "date" ? "date" : "text"}
                  inputMode={f.kind === "number" ? "decimal" : undefined}
                  maxLength={f.kind === "text" ? f.maxLength : undefined}
                  defaultValue={value == null ? "" : String(value)}
                  aria-describedby={db}
                  aria-invalid={err ? true : undefined}
                />
              )
            }
          </Field>
        );
      })}
    </>
  );
}
