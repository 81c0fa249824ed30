import { useState } from "react";
import { t } from "@yanxiu/ui/i18n";

type TKind = "single" | "multiple" | "trueFalse";
export type TQuestionDraft = { id: string; kind: TKind; prompt: string; options: { id: string; text: string }[]; correct: string[] };

const letters = "abcdefgh".split("");
const newId = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}`);

function blank(): TQuestionDraft {
  return { id: newId(), kind: "single", prompt: "", options: [{ id: "a", text: "" }, { id: "b", text: "" }], correct: [] };
}

/**
 * (A new question gets its id in the browser, on click, so server and browser render the same list.)
 * Edits a quiz's questions in the browser and keeps them, as JSON, in the hidden field `questions`;
 * the server parses it with the domain schema (ZQuizQuestion), whose errors come back per question.
 */
export function QuizEditor(props: { idPrefix: string; defaultQuestions: TQuestionDraft[]; errors: Record<string, string> }) {
  const [questions, setQuestions] = useState<TQuestionDraft[]>(props.defaultQuestions);
  const update = (i: number, fn: (q: TQuestionDraft) => TQuestionDraft) => setQuestions((qs) => qs.map((q, k) => (k === i ? fn(q) : q)));
  const setKind = (i: number, kind: TKind) =>
    update(i, (q) =>
      kind === "trueFalse"
        ? { ...q, kind, options: [{ id: "t", text: t("authoring.quiz.true") }, { id: "f", text: t("authoring.quiz.false") }], correct: [] }
        : { ...q, kind, options: q.kind === "trueFalse" ? [{ id: "a", text: "" }, { id: "b", text: "" }] : q.options, correct: kind === "single" ? q.correct.slice(0, 1) : q.correct },
    );
  const toggleCorrect = (i: number, optionId: string, on: boolean) =>
    update(i, (q) => ({ ...q, correct: q.kind === "multiple" ? (on ? [...q.correct, optionId] : q.correct.filter((c) => c !== optionId)) : on ? [optionId] : [] }));
  const err = (i: number, field?: string) => props.errors[`${i}${field ? `.${field}` : ""}`] ?? null;
  const anyErr = (i: number) => Object.entries(props.errors).find(([k]) => k === `${i}` || k.startsWith(`${i}.`))?.[1] ?? null;

  return (
    <fieldset className="yx-authoring-wide yx-authoring-quiz" data-testid="quiz-editor">
      <legend>{t("authoring.unit.questions")}</legend>
      <input type="hidden" name="questions" value={JSON.stringify(questions)} />
      {props.errors[""] ? <span className="yx-field-error">{props.errors[""]}</span> : null}
      {questions.length === 0 ? <p className="yx-muted">{t("authoring.quiz.none")}</p> : null}
      <ol className="yx-authoring-questions">
        {questions.map((q, i) => {
          const pid = `${props.idPrefix}-q${i}`;
          return (
            <li key={q.id} className="yx-authoring-question" data-testid={`question-${i}`}>
              <fieldset>
                <legend>{t("authoring.quiz.question", { n: i + 1 })}</legend>
                <label htmlFor={`${pid}-kind`}>{t("authoring.quiz.kind")}</label>
                <select id={`${pid}-kind`} value={q.kind} onChange={(e) => setKind(i, e.target.value as TKind)} data-testid={`question-${i}-kind`}>
                  <option value="single">{t("authoring.quiz.kind.single")}</option>
                  <option value="multiple">{t("authoring.quiz.kind.multiple")}</option>
                  <option value="trueFalse">{t("authoring.quiz.kind.trueFalse")}</option>
                </select>
                <label htmlFor={`${pid}-prompt`}>{t("authoring.quiz.prompt")}</label>
                <textarea id={`${pid}-prompt`} value={q.prompt} rows={2} onChange={(e) => update(i, (x) => ({ ...x, prompt: e.target.value }))} data-testid={`question-${i}-prompt`} />
                {err(i, "prompt") ? <span className="yx-field-error">{err(i, "prompt")}</span> : null}
                <ul className="yx-authoring-options">
                  {q.options.map((o, k) => (
                    <li key={o.id}>
                      <input
                        type={q.kind === "multiple" ? "checkbox" : "radio"}
                        name={`${pid}-correct`}
                        id={`${pid}-c-${o.id}`}
                        checked={q.correct.includes(o.id)}
                        onChange={(e) => toggleCorrect(i, o.id, e.target.checked)}
                        aria-label={t("authoring.quiz.correctOf", { id: o.id.toUpperCase() })}
                        data-testid={`question-${i}-correct-${k}`}
                      />
                      <label htmlFor={`${pid}-o-${o.id}`} className="yx-sr-only">{t("authoring.quiz.option", { id: o.id.toUpperCase() })}</label>
                      <input
                        id={`${pid}-o-${o.id}`}
                        value={o.text}
                        placeholder={t("authoring.quiz.option", { id: o.id.toUpperCase() })}
                        readOnly={q.kind === "trueFalse"}
                        onChange={(e) => update(i, (x) => ({ ...x, options: x.options.map((y) => (y.id === o.id ? { ...y, text: e.target.value } : y)) }))}
                        data-testid={`question-${i}-option-${k}`}
                      />
                      {q.kind !== "trueFalse" && q.options.length > 2 ? (
                        <button
                          type="button"
                          className="yx-link-button"
                          onClick={() => update(i, (x) => ({ ...x, options: x.options.filter((y) => y.id !== o.id), correct: x.correct.filter((c) => c !== o.id) }))}
                        >
                          {t("authoring.quiz.removeOption", { id: o.id.toUpperCase() })}
                        </button>
                      ) : null}
                    </li>
                  ))}
                </ul>
                {err(i, "options") ? <span className="yx-field-error">{err(i, "options")}</span> : null}
                {err(i, "correct") ? <span className="yx-field-error" data-testid={`question-${i}-correct-error`}>{err(i, "correct")}</span> : null}
                {!err(i, "prompt") && !err(i, "options") && !err(i, "correct") && anyErr(i) ? <span className="yx-field-error">{anyErr(i)}</span> : null}
                <div className="yx-authoring-row">
                  {q.kind !== "trueFalse" && q.options.length < letters.length ? (
                    <button
                      type="button"
                      onClick={() => update(i, (x) => ({ ...x, options: [...x.options, { id: letters.find((l) => !x.options.some((y) => y.id === l))!, text: "" }] }))}
                      data-testid={`question-${i}-add-option`}
                    >
                      {t("authoring.quiz.addOption")}
                    </button>
                  ) : null}
                  <button type="button" className="yx-danger" onClick={() => setQuestions((qs) => qs.filter((_, k) => k !== i))}>
                    {t("authoring.quiz.removeQuestion", { n: i + 1 })}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => setQuestions((qs) => [...qs, blank()])} data-testid="add-question">
        {t("authoring.quiz.addQuestion")}
      </button>
    </fieldset>
  );
}
