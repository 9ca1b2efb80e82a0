import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ErrorNote, Loading } from '../../../components/ui.tsx';
import { skillName } from '../../../lib/format.ts';
import { useTRPC } from '../../../trpc.ts';
import { ModelText } from '../../review-queue/ReviewItem.tsx';
import { ENTRY_REASONS, inWords, REASON_TAGS, VERDICTS } from '../../review-queue/words.ts';
import { reviewStatusName, sourceName, studentVerdict, type ExampleDetailData } from './words.ts';
import { MathText } from '../../../components/MathText.tsx';

const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const when = (iso: string) => fullDate.format(new Date(iso));

/**
 * One example in a side panel (a modal dialog: Escape, the Close button or a click outside close it):
 * the input and what an export trains on side by side, where it came from, and its human review.
 */
export function ExampleDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const trpc = useTRPC();
  const example = useQuery(trpc.data.example.queryOptions({ id }));
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  // Screen readers start at the title, as they would on a new page; the Close button is one Tab away.
  useEffect(() => {
    headingRef.current?.focus();
  }, [id]);

  const close = () => dialogRef.current?.close();
  return (
    <dialog
      ref={dialogRef}
      className="example-dialog"
      aria-labelledby={headingId}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) close();
      }}
    >
      <div className="example-dialog-inner">
        <header className="example-dialog-head">
          <h2 id={headingId} ref={headingRef} tabIndex={-1}>
            {example.data ? sourceName(example.data.source) : 'Example'}
            <span className="example-dialog-id">{id}</span>
          </h2>
          <button type="button" className="btn btn-secondary btn-small" onClick={close}>
            Close
          </button>
        </header>
        {example.isPending && <Loading label="Loading the example…" />}
        {example.isError && (
          <ErrorNote error={example.error} prefix="This example could not be loaded." onRetry={() => void example.refetch()} />
        )}
        {example.data && <ExampleBody example={example.data} />}
      </div>
    </dialog>
  );
}

function ExampleBody({ example: e }: { example: ExampleDetailData }) {
  const verdict = studentVerdict(e);
  const corrected = e.exportedOutput !== e.output;
  return (
    <div className="example-body">
      <p className="example-badges">
        {e.origin === 'real' ? (
          <span className={`status review-status review-status-${e.reviewStatus}`}>{reviewStatusName(e.reviewStatus)}</span>
        ) : (
          <span className="tag tag-ai">Synthetic</span>
        )}
        {e.skill && <span className="tag">{skillName(e.skill)}</span>}
        {verdict && (
          <span className="example-verdict">
            <span aria-hidden="true">{verdict.symbol} </span>
            {verdict.words}
          </span>
        )}
      </p>
      {e.reviewStatus === 'rejected' && <p className="notice notice-wait">A reviewer rejected this output, so exports leave this example out.</p>}

      <div className="review-sides">
        <Side title="Input" note={e.origin === 'real' ? 'Redacted, as exported.' : 'As exported.'}>
          <ModelText text={e.input} />
        </Side>
        <Side title="Output an export trains on" note={corrected ? 'The reviewer’s correction; the model’s text is under Review history.' : 'The model’s text.'} output>
          <div className="review-text">
            <MathText text={e.exportedOutput} />
          </div>
        </Side>
      </div>

      <Lineage example={e} />
      <ReviewHistory example={e} />
    </div>
  );
}

function Side({ title, note, output = false, children }: { title: string; note: string; output?: boolean; children: ReactNode }) {
  const id = useId();
  return (
    <section className={output ? 'review-side review-side-output' : 'review-side'} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <p className="hint">{note}</p>
      {children}
    </section>
  );
}

function Lineage({ example: e }: { example: ExampleDetailData }) {
  const facts: [string, ReactNode][] = [
    ['Student pseudonym', e.userKey ? <code className="lineage-code">{e.userKey}</code> : 'None: generated, not from a student'],
    ['Model', e.modelId === 'human' ? 'Written by a person' : e.modelId ? <code className="lineage-code">{e.modelId}</code> : 'Not recorded'],
    ['Prompt version', e.promptVersion ? <code className="lineage-code">{e.promptVersion}</code> : 'Not recorded'],
    ['Created', <time dateTime={e.createdAt}>{when(e.createdAt)}</time>],
    ['Origin', e.origin === 'real' ? 'Real: a consenting student’s interaction' : 'Synthetic: generated for training'],
    ['Example id', <code className="lineage-code">{e.id}</code>],
  ];
  return (
    <section className="example-section" aria-labelledby="example-lineage-heading">
      <h3 id="example-lineage-heading">Lineage</h3>
      <dl className="facts lineage">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ReviewHistory({ example: e }: { example: ExampleDetailData }) {
  const review = e.review;
  return (
    <section className="example-section" aria-labelledby="example-review-heading">
      <h3 id="example-review-heading">Review history</h3>
      {!review ? (
        <p className="hint">{e.origin === 'synthetic' ? 'Synthetic examples are not reviewed.' : 'This output never entered the review queue.'}</p>
      ) : (
        <>
          <dl className="facts example-review-facts">
            <div>
              <dt>Queue item</dt>
              <dd>#{review.itemId}</dd>
            </div>
            <div>
              <dt>Why it entered the queue</dt>
              <dd>{inWords(ENTRY_REASONS, review.entryReason)}</dd>
            </div>
            <div>
              <dt>Outcome</dt>
              <dd>
                <span className={`status review-status review-status-${review.status}`}>{reviewStatusName(review.status)}</span>
              </dd>
            </div>
          </dl>
          {review.finalText !== null && review.finalText !== review.originalText ? (
            <div className="review-sides">
              <Side title="The model’s original" note="What the model wrote.">
                <div className="review-text">
                  <MathText text={review.originalText} />
                </div>
              </Side>
              <Side title="Final text after review" note="What exports train on instead." output>
                <div className="review-text">
                  <MathText text={review.finalText} />
                </div>
              </Side>
            </div>
          ) : null}
          {review.reviews.length === 0 ? (
            <p className="hint">No reviewer has decided yet.</p>
          ) : (
            <ol className="review-verdicts example-verdicts" aria-label="Reviews">
              {review.reviews.map((r, i) => (
                <li key={i}>
                  <span className={`status review-verdict-${r.verdict}`}>{inWords(VERDICTS, r.verdict)}</span> <span>by {r.reviewer}</span>
                  {r.rolledBackAt && <span className="tag tag-quiet">rolled back</span>}
                  {r.reason && <span className="tag tag-quiet">{inWords(REASON_TAGS, r.reason)}</span>}
                  <span className="hint">guidelines v{r.guidelineVersion}</span>
                  <span className="hint">
                    <time dateTime={r.createdAt}>{when(r.createdAt)}</time>
                  </span>
                  {r.correctedText && r.correctedText !== review.finalText && <div className="review-text review-correction">
                      <MathText text={r.correctedText} />
                    </div>}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
