import { Link } from 'wouter';
import { formatDateTime, percent, sessionTopic } from '../lib/format.ts';
import type { RouterOutputs } from '../trpc.ts';

type Session = RouterOutputs['me']['progress']['recentSessions'][number];

/** Submitted sessions, newest first; links to the review screen when `linkToReview`. */
export function RecentSessions({ sessions, linkToReview }: { sessions: readonly Session[]; linkToReview: boolean }) {
  return (
    <ul className="session-list">
      {sessions.map((s) => {
        const body = (
          <>
            <span className="session-topic">{sessionTopic(s)}</span>
            <span className="session-date">{formatDateTime(s.submittedAt)}</span>
            <span className={`session-score score-${percent(s.correct, s.total) >= 70 ? 'good' : 'work'}`}>
              {s.correct}/{s.total}
              <span className="visually-hidden"> correct</span>
            </span>
          </>
        );
        return (
          <li key={s.sessionId}>
            {linkToReview ? (
              // Named by its visible text (speech-input users say what they see), with "correct" and "review" added for screen readers.
              <Link href={`/review/${s.sessionId}`} className="session-row">
                {body}
                <span className="visually-hidden">: review</span>
              </Link>
            ) : (
              <div className="session-row">{body}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
