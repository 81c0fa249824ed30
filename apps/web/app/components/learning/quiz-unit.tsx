import { Form, useNavigation } from "@remix-run/react";
import { t } from "@yanxiu/ui/i18n";
import type { TPublicQuestion } from "@yanxiu/domain/progress";

export type TQuizContent = {
  questionCount: number;
  attemptLimit: number;
  attemptsLeft: number;
  passPercent: number;
  bestScorePercent: number | null;
  openAttempt: { attemptId: string; number: number; questions: TPublicQuestion[] } | null;
};

export type TQuizResult = { scorePercent: number; correct: number; total: number; passed: boolean; attemptsLeft: number; bestScorePercent: number };

/**
 * A quiz's questions as choice lists (radios, or checkboxes for a multiple choice), named `answer.<id>` for the
 * attempt's form; `disabled` shows them without taking answers (the editor's 预览).
 */
export function QuizQuestions(props: { questions: readonly Pick<TPublicQuestion, "id" | "kind" | "prompt" | "options">[]; testId: string; disabled?: boolean }) {
  return (
    <ol className="yx-learning-questions">
      {props.questions.map((q) => (
        <li key={q.id} data-testid={props.testId}>
          <fieldset disabled={props.disabled}>
            <legend>
              <span className="yx-badge">{t(`learning.quiz.kind.${q.kind}`)}</span> {q.prompt}
            </legend>
            {q.options.map((o) => (
              <label key={o.id} className="yx-check">
                <input type={q.kind === "multiple" ? "checkbox" : "radio"} name={`answer.${q.id}`} value={o.id} /> {o.text}
              </label>
            ))}
          </fieldset>
        </li>
      ))}
    </ol>
  );
}

const errorKeys = ["attemptLimit", "alreadySubmitted", "quizAnswersInvalid", "studyClosed"] as const;

/**
 * A quiz unit: start an attempt, answer in the attempt's order, submit, see the score. The result of a submission
 * shows once, in one block that also says what is left; the start button shows only while an attempt is left
 * (after the last one: 已用完 N 次作答机会).
 */
export function QuizUnit(props: { content: TQuizContent; result: TQuizResult | null; error: string | null }) {
  const c = props.content;
  const busy = useNavigation().state !== "idle";
  const known = props.error && (errorKeys as readonly string[]).includes(props.error) ? (props.error as (typeof errorKeys)[number]) : null;
  // Refused for the limit: the line under the quiz already says the attempts are used up.
  const error = known === "attemptLimit" && c.attemptsLeft === 0 && !c.openAttempt ? null : known;
  // The result belongs to the attempt just submitted: once another attempt is open it is no longer news.
  const result = c.openAttempt ? null : props.result;
  const attemptsLeft = c.attemptsLeft;
  return (
    <div className="yx-stack yx-learning-quiz">
      <p>{t("learning.quiz.info", { count: c.questionCount, pass: c.passPercent, limit: c.attemptLimit })}</p>
      {result ? null : (
        <p data-testid="quiz-best">{c.bestScorePercent == null ? t("learning.quiz.noBest") : t("learning.quiz.best", { score: c.bestScorePercent })}</p>
      )}
      {error ? (
        <p className="yx-alert" role="alert">
          {t(`learning.quiz.error.${error}`)}
        </p>
      ) : null}
      {result ? (
        <div className={result.passed ? "yx-success" : "yx-warning"} role="status" data-testid="quiz-result" data-passed={result.passed}>
          <p>
            {t("learning.quiz.result", { score: result.scorePercent, correct: result.correct, total: result.total })}{" "}
            <strong>{result.passed ? t("learning.quiz.passed") : t("learning.quiz.failed")}</strong>
          </p>
          <p data-testid="quiz-best">{t("learning.quiz.best", { score: result.bestScorePercent })}</p>
        </div>
      ) : null}
      {c.openAttempt ? (
        <Form method="post" className="yx-stack">
          <input type="hidden" name="intent" value="submitQuiz" />
          <input type="hidden" name="attemptId" value={c.openAttempt.attemptId} />
          <h3>{t("learning.quiz.resume", { number: c.openAttempt.number })}</h3>
          <QuizQuestions questions={c.openAttempt.questions} testId="quiz-question" />
          <button type="submit" className="yx-primary" disabled={busy}>
            {t("learning.quiz.submit")}
          </button>
        </Form>
      ) : attemptsLeft > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="startQuiz" />
          <p data-testid="quiz-attempts-left">{t("learning.quiz.attemptsLeft", { count: attemptsLeft })}</p>
          <button type="submit" className="yx-primary" disabled={busy}>
            {t("learning.quiz.start")}
          </button>
        </Form>
      ) : (
        <p className="yx-muted" data-testid="quiz-no-attempts">
          {t("learning.quiz.noAttemptsLeft", { limit: c.attemptLimit })}
        </p>
      )}
    </div>
  );
}
