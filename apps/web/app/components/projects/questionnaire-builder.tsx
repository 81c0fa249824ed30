import { Form } from "@remix-run/react";
import { useState } from "react";
import { maxQuestions, questionKinds, targetKinds, type TQuestion } from "@yanxiu/domain/project-evaluation";
import { t } from "@yanxiu/ui/i18n";

/**
 * The questionnaire builder: a title, an intro and one fieldset per question (text, kind, options one per
 * line, required, what it rates — the project, a course/session or a mentor by name). Plain fields
 * (`q.<i>.…`) that `questionsFromFields` turns into questions; without JavaScript one blank question is
 * offered per save, with it 添加题目 adds more. A new questionnaire starts with the usual questions.
 */
export function QuestionnaireBuilder(props: {
  intent: "create" | "update";
  title: string;
  intro: string;
  questions: TQuestion[];
  busy: boolean;
  error: string | null;
  fieldErrors: Record<string, string[]>;
}) {
  const [extra, setExtra] = useState(1);
  const rows: (TQuestion | null)[] = [...props.questions, ...Array.from({ length: extra }, () => null)].slice(0, maxQuestions);
  const fe = (k: string) => props.fieldErrors[k]?.[0] ?? null;
  return (
    <Form method="post" className="yx-stack" data-testid="questionnaire-builder">
      <input type="hidden" name="intent" value={props.intent} />
      <label className="yx-field" htmlFor="q-title">
        {t("evaluation.q.titleLabel")}
        <input id="q-title" name="title" maxLength={80} required defaultValue={props.title} aria-invalid={fe("title") ? true : undefined} />
        {fe("title") ? <span className="yx-field-error">{fe("title")}</span> : null}
      </label>
      <label className="yx-field" htmlFor="q-intro">
        {t("evaluation.q.intro")}
        <textarea id="q-intro" name="intro" rows={2} maxLength={1000} defaultValue={props.intro} />
      </label>
      {props.error ? (
        <p className="yx-field-error" role="alert" data-testid="builder-error">
          {props.error}
        </p>
      ) : null}
      {rows.map((q, i) => (
        <QuestionRow key={q?.key ?? `new-${i}`} i={i} q={q} />
      ))}
      <div className="yx-inline-form yx-eval-actions">
        {rows.length < maxQuestions ? (
          <button type="button" onClick={() => setExtra((n) => n + 1)} data-testid="question-add">
            {t("evaluation.q.addQuestion")}
          </button>
        ) : null}
        <button type="submit" className="yx-primary" disabled={props.busy} data-testid="questionnaire-save">
          {t("evaluation.q.save")}
        </button>
      </div>
    </Form>
  );
}

function QuestionRow({ i, q }: { i: number; q: TQuestion | null }) {
  const id = (k: string) => `q-${i}-${k}`;
  const n = (k: string) => `q.${i}.${k}`;
  const [kind, setKind] = useState<string>(q?.kind ?? "scale");
  const [target, setTarget] = useState<string>(q?.target.kind ?? "project");
  const choosing = kind === "single" || kind === "multiple";
  return (
    <fieldset className="yx-info-field" data-testid="question">
      <legend>{q ? t("evaluation.q.question", { n: i + 1 }) : t("evaluation.q.newQuestion")}</legend>
      {q ? <input type="hidden" name={n("key")} value={q.key} /> : null}
      <div className="yx-form-grid">
        <label htmlFor={id("text")} className="yx-info-options">
          {t("evaluation.q.text")}
          <input id={id("text")} name={n("text")} maxLength={200} defaultValue={q?.text ?? ""} />
        </label>
        <label htmlFor={id("kind")}>
          {t("evaluation.q.kind")}
          <select id={id("kind")} name={n("kind")} value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            {questionKinds.map((k) => (
              <option key={k} value={k}>
                {t(`evaluation.q.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={id("target-kind")}>
          {t("evaluation.q.target")}
          <select id={id("target-kind")} name={n("targetKind")} value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            {targetKinds.map((k) => (
              <option key={k} value={k}>
                {t(`evaluation.q.target.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {target !== "project" ? (
          <label htmlFor={id("target-label")}>
            {t(target === "mentor" ? "evaluation.q.targetMentor" : "evaluation.q.targetSession")}
            <input id={id("target-label")} name={n("targetLabel")} maxLength={60} defaultValue={q?.target.label ?? ""} />
          </label>
        ) : null}
        {kind === "text" ? (
          <label htmlFor={id("max-length")}>
            {t("evaluation.q.maxLength")}
            <input id={id("max-length")} name={n("maxLength")} inputMode="numeric" defaultValue={q?.kind === "text" ? String(q.maxLength) : "500"} />
          </label>
        ) : null}
        {choosing ? (
          <label htmlFor={id("options")} className="yx-info-options">
            {t("evaluation.q.options")}
            <textarea id={id("options")} name={n("options")} rows={3} defaultValue={q?.options.map((o) => o.label).join("\n") ?? ""} />
          </label>
        ) : null}
      </div>
      <label className="yx-check">
        <input type="checkbox" name={n("required")} defaultChecked={q?.required ?? false} /> {t("evaluation.q.required")}
      </label>
      {q ? (
        <label className="yx-check">
          <input type="checkbox" name={n("remove")} /> {t("evaluation.q.remove")}
        </label>
      ) : null}
    </fieldset>
  );
}

/** The questions a new questionnaire starts with: the project overall, the courses and a mentor, and a comment. */
export function starterQuestions(): TQuestion[] {
  const project = { kind: "project" as const, label: "", refId: null };
  return [
    { key: "q1", text: t("evaluation.starter.overall"), kind: "scale", required: true, options: [], maxLength: 500, target: project },
    { key: "q2", text: t("evaluation.starter.content"), kind: "scale", required: true, options: [], maxLength: 500, target: project },
    {
      key: "q3",
      text: t("evaluation.starter.best"),
      kind: "multiple",
      required: false,
      options: [
        { id: "o1", label: t("evaluation.starter.opt.lecture") },
        { id: "o2", label: t("evaluation.starter.opt.practice") },
        { id: "o3", label: t("evaluation.starter.opt.workshop") },
        { id: "o4", label: t("evaluation.starter.opt.mentor") },
      ],
      maxLength: 500,
      target: project,
    },
    { key: "q4", text: t("evaluation.starter.suggest"), kind: "text", required: false, options: [], maxLength: 500, target: project },
  ];
}
