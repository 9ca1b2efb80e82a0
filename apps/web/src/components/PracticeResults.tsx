import { Link } from 'wouter';
import type { StartedSession, SubmittedSession } from '../pages/Practice.tsx';
import { percent } from '../lib/format.ts';
import { HelpPanel } from './HelpPanel.tsx';
import { PastHelp } from './PastHelp.tsx';
import { QuestionNotes } from './QuestionNotes.tsx';
import { QuestionResultCard } from './QuestionResultCard.tsx';
import { FeedbackCard } from './FeedbackCard.tsx';

export function PracticeResults({ session, result, onRestart }: { session: StartedSession; result: SubmittedSession; onRestart: () => void }) {
  const byId = new Map(result.results.map((r) => [r.questionId, r]));
  return (
    <div className="page">
      <header className="page-header results-header">
        <div>
          <h1>Session results</h1>
          <p className="score">
            <strong>
              {result.correct} of {result.total}
            </strong>{' '}
            correct ({percent(result.correct, result.total)}%)
          </p>
        </div>
        <div className="row">
          <button type="button" className="btn btn-primary" onClick={onRestart}>
            Practise again
          </button>
          <Link href="/plan" className="btn btn-secondary">
            Study plan
          </Link>
        </div>
      </header>
      <FeedbackCard feedbackId={result.feedback.feedbackId} text={result.feedback.text} />
      <h2 className="section-title">Question by question</h2>
      {session.questions.map((q, i) => {
        const r = byId.get(q.id);
        if (!r) return null;
        return (
          <QuestionResultCard key={q.id} number={i + 1} question={q} result={r}>
            <PastHelp questionId={q.id} sessionId={result.sessionId} />
            <HelpPanel questionId={q.id} sessionId={result.sessionId} />
            <QuestionNotes questionId={q.id} sessionId={result.sessionId} />
          </QuestionResultCard>
        );
      })}
    </div>
  );
}
