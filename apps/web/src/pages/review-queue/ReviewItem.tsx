import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { formatDateTime } from '../../lib/format.ts';
import { ENTRY_REASONS, inWords, REASON_TAGS, SOURCES, VERDICTS, type ReviewItemData } from './words.ts';
import { MathText } from '../../components/MathText.tsx';

/** The question's figure, drawn as the student saw it (loaded with the first one). */
const Figure = lazy(() => import('../../components/Figure.tsx').then((m) => ({ default: m.Figure })));

/**
 * One AI output under review: what the model was given beside what it wrote (stacked on a
 * phone), why the item is in the queue, and the verdicts of earlier reviewers.
 */
export function ReviewItem({ item, focusOnMount = false, children }: { item: ReviewItemData; focusOnMount?: boolean; children: ReactNode }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = `review-item-${item.itemId}`;
  // After a verdict the next item replaces the buttons that had focus: put screen readers on the new item.
  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus();
  }, [focusOnMount]);

  return (
    <article className="card review-item" aria-labelledby={headingId} data-item-id={item.itemId}>
      <header className="review-item-head">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {inWords(SOURCES, item.source)}
        </h2>
        <span className={`tag review-reason review-reason-${item.entryReason}`}>{inWords(ENTRY_REASONS, item.entryReason)}</span>
        <span className="hint review-item-meta">
          Item #{item.itemId} · {item.student} · queued {formatDateTime(item.createdAt)}
        </span>
      </header>
      <div className="review-sides">
        <section className="review-side" aria-label="What the model was given">
          <h3>What the model was given</h3>
          <ModelText text={item.input} />
          {item.figure && (
            <Suspense fallback={<div className="figure" aria-busy="true" />}>
              <Figure figure={item.figure} />
            </Suspense>
          )}
        </section>
        <section className="review-side review-side-output" aria-label="What the model wrote">
          <h3>What the model wrote</h3>
          <div className="review-text">
            <MathText text={item.output} />
          </div>
        </section>
      </div>
      {item.proposedText !== null && (
        <section className="review-earlier" aria-label="Proposed correction">
          <h3>
            Proposed correction <span className="hint">(counts once a second reviewer agrees or an admin confirms)</span>
          </h3>
          <div className="review-text review-correction">
            <MathText text={item.proposedText} />
          </div>
        </section>
      )}
      <EarlierReviews item={item} />
      {children}
    </article>
  );
}

// Labels the exporter writes at the start of a line ("Question:", "Student asks:"), shown in bold so the parts stand out.
const LABEL = /^([A-Z][A-Za-z’' ]{1,40}):(\s|$)/;

/** An exported input, one paragraph per line, its labels in bold. */
export function ModelText({ text }: { text: string }) {
  return (
    <div className="review-text">
      {text.split('\n').map((line, i) => {
        const m = LABEL.exec(line);
        return (
          <p key={i} className={line.startsWith('Stats JSON:') ? 'review-line review-line-quiet' : 'review-line'}>
            {m ? (
              <>
                <strong>{m[1]}:</strong>
                <MathText text={line.slice(m[1]!.length + 1)} />
              </>
            ) : line ? (
              <MathText text={line} />
            ) : (
              '\u00a0'
            )}
          </p>
        );
      })}
    </div>
  );
}

function EarlierReviews({ item }: { item: ReviewItemData }) {
  if (item.requiredReviews < 2 && item.reviews.length === 0) return null;
  return (
    <section className="review-earlier" aria-label="Earlier reviews">
      <h3>
        Earlier reviews{' '}
        <span className="hint">
          {item.status === 'awaiting_confirmation' ? '(the correction needs a second reviewer or an admin)' : `(${item.reviews.length} of ${item.requiredReviews} needed)`}
        </span>
      </h3>
      {item.reviews.length === 0 ? (
        <p className="hint">Nobody has reviewed this item yet.</p>
      ) : (
        <ul className="review-verdicts">
          {item.reviews.map((r, i) => (
            <li key={i}>
              <span className={`status review-verdict-${r.verdict}`}>
                {item.status === 'awaiting_confirmation' && r.verdict === 'correct' ? 'Correction proposed' : inWords(VERDICTS, r.verdict)}
              </span>{' '}
              <span>{r.mine ? 'by you' : `by reviewer ${r.reviewer}`}</span>
              {r.reason && <span className="tag tag-quiet">{inWords(REASON_TAGS, r.reason)}</span>}
              <span className="hint">guidelines v{r.guidelineVersion}</span>
              {/* The proposal is shown once, above. */}
              {r.correctedText && r.correctedText !== item.proposedText && <div className="review-text review-correction">
                  <MathText text={r.correctedText} />
                </div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
