import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../lib/format.ts';
import { useTRPC } from '../trpc.ts';
import './past-help.css';

/**
 * The help conversations the student had about one question during the session (asked while
 * practising), shown again on the session's results and review. One request per screen (the
 * cards share the query); it is read once per visit, so questions asked on this screen are shown
 * by the help panel below, not twice.
 */
export function PastHelp({ sessionId, questionId }: { sessionId: number; questionId: string }) {
  const trpc = useTRPC();
  const help = useQuery(trpc.practice.sessionHelp.queryOptions({ sessionId }, { staleTime: Infinity, gcTime: 0, refetchOnWindowFocus: false }));
  const rows = (help.data ?? []).filter((r) => r.questionId === questionId);
  if (!rows.length) return null;
  const headingId = `past-help-${questionId}`;
  return (
    <section className="past-help" aria-labelledby={headingId}>
      <h4 id={headingId}>Your questions to the tutor during the session ({rows.length})</h4>
      <ol>
        {rows.map((r) => (
          <li key={r.helpRequestId} className="past-help-item">
            <p className="help-question">
              <span className="visually-hidden">You asked: </span>
              {r.query}
              {r.inputMode === 'speech' && <span className="tag">spoken</span>}
            </p>
            <p className="past-help-meta">
              <time dateTime={new Date(r.createdAt).toISOString()}>{formatDateTime(r.createdAt)}</time>
              {r.helpful !== null && ` · you rated it ${r.helpful ? 'helpful' : 'not helpful'}`}
            </p>
            <div className="help-text">
              <p className="help-from">Tutor</p>
              <p>{r.answer}</p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
