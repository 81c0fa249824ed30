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

const errorKeys = ["attemptLimit", "alreadySubmitted", "quizAnswersInvalid", "studyClosed"] as const;

/** A quiz unit: start an attempt, answer in the attempt's order, submit, see the score. */
export function QuizUnit(props: { content: TQuizContent; result: TQuizResult | null; error: string | null }) {
  const c = props.content;
  const busy = useNavigation().state !== "idle";
  const error = props.error && (errorKeys as readonly string[]).includes(props.error) ? (props.error as (typeof errorKeys)[number]) : null;
  return (
    <div className="yx-stack yx-learning-quiz">
      <p>{t("learning.quiz.info", { count: c.questionCount, pass: c.passPercent, limit: c.attemptLimit })}</p>
      <p data-testid="quiz-best">{c.bestScorePercent == null ? t("learning.quiz.noBest") : t("learning.quiz.best", { score: c.bestScorePercent })}</p>
      {error ? (
        <p className="yx-alert" role="alert">
          {t(`learning.quiz.error.${error}`)}
        </p>
      ) : null}
      {props.result ? (
        <div className={props.result.passed ? "yx-success" : "yx-warning"} role="status" data-testid="quiz-result" data-passed={props.result.passed}>
          <p>
            {t("learning.quiz.result", { score: props.result.scorePercent, correct: props.result.correct, total: props.result.total })}{" "}
            <strong>{props.result.passed ? t("learning.quiz.passed") : t("learning.quiz.failed")}</strong>
          </p>
          <p>{t("learning.quiz.attemptsLeft", { count: props.result.attemptsLeft })}</p>
        </div>
      ) : null}
      {c.openAttempt ? (
        <Form method="post" className="yx-stack">
          <input type="hidden" name="intent" value="submitQuiz" />
          <input type="hidden" name="attemptId" value={c.openAttempt.attemptId} />
          <h3>{t("learning.quiz.resume", { number: c.openAttempt.number })}</h3>
          <ol className="yx-learning-questions">
            {c.openAttempt.questions.map((q) => (
              <li key={q.id} data-testid="quiz-question">
                <fieldset>
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
          <button type="submit" className="yx-primary" disabled={busy}>
            {t("learning.quiz.submit")}
          </button>
        </Form>
      ) : c.attemptsLeft > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="startQuiz" />
          <p>{t("learning.quiz.attemptsLeft", { count: c.attemptsLeft })}</p>
          <button type="submit" className="yx-primary" disabled={busy}>
            {t("learning.quiz.start")}
          </button>
        </Form>
      ) : (
        <p className="yx-muted">{t("learning.quiz.noAttemptsLeft")}</p>
      )}
    </div>
  );
}
