import { flushOutbox, useOutbox } from '../lib/outbox.ts';
import { plural } from '../lib/format.ts';

/** "n events waiting to send": shown only while something is waiting. */
export function OutboxIndicator() {
  const { pending } = useOutbox();
  return (
    <div className="outbox" role="status" aria-live="polite">
      {pending.length > 0 && (
        <button type="button" className="outbox-pill" onClick={() => void flushOutbox()} title="Saved on this device. Click to try sending now.">
          <span className="outbox-dot" aria-hidden="true" />
          {plural(pending.length, 'event')} waiting to send
        </button>
      )}
    </div>
  );
}
