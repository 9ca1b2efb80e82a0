import { lazy, Suspense, type ReactNode } from 'react';
import { skillName } from '../lib/format.ts';
import { passageBlocks } from '../lib/passage.ts';
import type { FigureInput } from '@satprep/domain';
import { MathText } from './MathText.tsx';

/** Loaded with the first figure: most questions have none, so the screens' initial JS stays small. */
const Figure = lazy(() => import('./Figure.tsx').then((m) => ({ default: m.Figure })));

export interface QuestionLike {
  id: string;
  skill: string;
  format: 'mcq' | 'spr';
  passage?: string | undefined;
  stem: string;
  choices: readonly { label: string; text: string }[];
  figure?: FigureInput | undefined;
}

export interface ResultLike {
  answer: string;
  correct: boolean;
  correctAnswer: string;
  explanation: string;
}

/** A passage, with its data tables as real tables (caption, column and row headers). */
export function Passage({ text }: { text: string }) {
  return (
    <blockquote className="passage">
      {passageBlocks(text).map((b, i) =>
        b.kind === 'text' ? (
          <p key={i} className="passage-text">
            <MathText text={b.text} />
          </p>
        ) : (
          <table key={i} className="passage-table">
            {b.caption && <caption>{b.caption}</caption>}
            <thead>
              <tr>
                {b.header.map((h, j) => (
                  <th key={j} scope="col">
                    <MathText text={h} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((r, j) => (
                <tr key={j}>
                  {r.map((c, k) =>
                    k === 0 ? (
                      <th key={k} scope="row">
                        <MathText text={c} />
                      </th>
                    ) : (
                      <td key={k}>
                        <MathText text={c} />
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        ),
      )}
    </blockquote>
  );
}

export function QuestionText({ question }: { question: QuestionLike }) {
  return (
    <>
      {question.passage && <Passage text={question.passage} />}
      <p className="stem">
        <MathText text={question.stem} />
      </p>
      {question.figure && <Suspense fallback={<div className="figure" aria-busy="true" />}><Figure figure={question.figure} /></Suspense>}
    </>
  );
}

/** One answered question after the session: the student's answer, the key and the explanation. */
export function QuestionResultCard({ number, question, result, children }: { number: number; question: QuestionLike; result: ResultLike; children?: ReactNode }) {
  const given = result.answer.trim();
  return (
    <article className={`result-card ${result.correct ? 'is-correct' : 'is-wrong'}`} aria-labelledby={`result-${question.id}`}>
      <header className="result-head">
        <h3 id={`result-${question.id}`}>Question {number}</h3>
        <span className="tag">{skillName(question.skill)}</span>
        <span className={`verdict ${result.correct ? 'verdict-ok' : 'verdict-bad'}`}>{result.correct ? 'Correct' : given ? 'Incorrect' : 'Not answered'}</span>
      </header>
      <QuestionText question={question} />
      {question.format === 'mcq' ? (
        <ul className="choice-review">
          {question.choices.map((c) => {
            const isKey = c.label === result.correctAnswer;
            const isGiven = c.label === given.toUpperCase();
            return (
              <li key={c.label} className={`${isKey ? 'is-key' : ''} ${isGiven && !isKey ? 'is-given-wrong' : ''}`}>
                <span className="choice-letter">{c.label}</span>
                <span className="choice-text">
                  <MathText text={c.text} />
                </span>
                {isKey && <span className="choice-note">Correct answer</span>}
                {isGiven && <span className="choice-note">Your answer</span>}
              </li>
            );
          })}
        </ul>
      ) : (
        <dl className="spr-review">
          <div>
            <dt>Your answer</dt>
            <dd>{given ? <MathText text={given} /> : 'Not answered'}</dd>
          </div>
          <div>
            <dt>Correct answer</dt>
            <dd>
              <MathText text={result.correctAnswer} />
            </dd>
          </div>
        </dl>
      )}
      <div className="explanation">
        <h4>Explanation</h4>
        <p>
          <MathText text={result.explanation} />
        </p>
      </div>
      {children}
    </article>
  );
}
