import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { FeedbackCard } from '../components/FeedbackCard.tsx';
import { HelpPanel } from '../components/HelpPanel.tsx';
import { PastHelp } from '../components/PastHelp.tsx';
import { QuestionNotes } from '../components/QuestionNotes.tsx';
import { QuestionResultCard } from '../components/QuestionResultCard.tsx';
import { ErrorNote, Loading } from '../components/ui.tsx';
import { formatDateTime, percent } from '../lib/format.ts';
import { useTitle } from '../lib/useTitle.ts';
import { useTRPC } from '../trpc.ts';

export default function ReviewSession({ sessionId }: { sessionId: number }) {
  useTitle('Session review');
  const trpc = useTRPC();
  const valid = Number.isInteger(sessionId) && sessionId > 0;
  const review = useQuery(trpc.practice.review.queryOptions({ sessionId }, { enabled: valid }));

  if (!valid) return <div className="page narrow"><ErrorNote error={new Error('This link does not point to a practice session.')} /></div>;

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/review">← All sessions</Link>
      </p>
      {review.isPending && <Loading label="Loading this session…" />}
      {review.isError && <ErrorNote error={review.error} onRetry={() => void review.refetch()} />}
      {review.data && (
        <>
          <header className="page-header">
            <div>
              <h1>Session of {formatDateTime(review.data.submittedAt)}</h1>
              <p className="score">
                <strong>
                  {review.data.correct} of {review.data.total}
                </strong>{' '}
                correct ({percent(review.data.correct, review.data.total)}%)
              </p>
            </div>
          </header>
          <FeedbackCard feedbackId={review.data.feedback.feedbackId} text={review.data.feedback.text} rating={review.data.feedback.rating} />
          <h2 className="section-title">Question by question</h2>
          {review.data.questions.map((q, i) => {
            const r = review.data.results.find((x) => x.questionId === q.id);
            if (!r) return null;
            return (
              <QuestionResultCard key={q.id} number={i + 1} question={q} result={r}>
                <PastHelp questionId={q.id} sessionId={sessionId} />
                <HelpPanel questionId={q.id} sessionId={sessionId} />
                <QuestionNotes questionId={q.id} sessionId={sessionId} />
              </QuestionResultCard>
            );
          })}
        </>
      )}
    </div>
  );
}
