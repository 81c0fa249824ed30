import { createContext, useContext, type ReactNode } from "react";

/**
 * The scheme form's fields: plain inputs named by the scheme's paths, filled from `values` (the draft, or what
 * was just submitted when it was refused) and showing the problem `errors` has under the same name. Working
 * without JavaScript: nothing here needs the client.
 */
export type TFormState = { values: Record<string, string>; errors: Record<string, string[]> };
const FormState = createContext<TFormState>({ values: {}, errors: {} });
export const FormStateProvider = FormState.Provider;

export function useField(name: string) {
  const s = useContext(FormState);
  return { value: s.values[name] ?? "", error: s.errors[name]?.[0] };
}

/** An error a whole row or table has (`conversions.2`, `categoryLimits`). */
export function FieldError({ name }: { name: string }) {
  const { error } = useField(name);
  return error ? (
    <span className="yx-field-error" role="alert" data-field={name}>
      {error}
    </span>
  ) : null;
}

const errorId = (name: string) => `err-${name.replace(/[^a-zA-Z0-9]/g, "-")}`;

export function TextField(props: { name: string; label: string; type?: "text" | "date" | "number"; wide?: boolean; inputMode?: "decimal" | "numeric"; hideLabel?: boolean; maxLength?: number }) {
  const { value, error } = useField(props.name);
  return (
    <label className={props.wide ? "yx-field yx-field-wide" : "yx-field"}>
      <span className={props.hideLabel ? "yx-sr-only" : undefined}>{props.label}</span>
      <input
        name={props.name}
        type={props.type === "date" ? "date" : "text"}
        inputMode={props.inputMode}
        defaultValue={value}
        maxLength={props.maxLength ?? 200}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId(props.name) : undefined}
      />
      {error ? (
        <span className="yx-field-error" role="alert" id={errorId(props.name)} data-field={props.name}>
          {error}
        </span>
      ) : null}
    </label>
  );
}

export function NumberField(props: { name: string; label: string; hideLabel?: boolean }) {
  return <TextField name={props.name} label={props.label} inputMode="decimal" hideLabel={props.hideLabel} maxLength={20} />;
}

export function SelectField(props: { name: string; label: string; options: readonly (readonly [string, string])[]; blank?: string; hideLabel?: boolean }) {
  const { value, error } = useField(props.name);
  return (
    <label className="yx-field">
      <span className={props.hideLabel ? "yx-sr-only" : undefined}>{props.label}</span>
      <select name={props.name} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId(props.name) : undefined}>
        {props.blank != null ? <option value="">{props.blank}</option> : null}
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
      {error ? (
        <span className="yx-field-error" role="alert" id={errorId(props.name)} data-field={props.name}>
          {error}
        </span>
      ) : null}
    </label>
  );
}

export function CheckField(props: { name: string; label: string }) {
  const { value } = useField(props.name);
  return (
    <label className="yx-check">
      <input type="checkbox" name={props.name} defaultChecked={value === "on"} /> {props.label}
    </label>
  );
}

export function Section(props: { title: string; hint?: string; children: ReactNode; error?: string }) {
  return (
    <fieldset className="yx-scheme-section">
      <legend>{props.title}</legend>
      {props.hint ? <p className="yx-muted">{props.hint}</p> : null}
      {props.error ? <FieldError name={props.error} /> : null}
      {props.children}
    </fieldset>
  );
}
