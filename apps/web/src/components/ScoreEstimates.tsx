import type { RouterOutputs } from '../trpc.ts';
import { plural } from '../lib/format.ts';

type Estimate = RouterOutputs['me']['progress']['scores'][number];

const SCALE_MIN = 200;
const SCALE_MAX = 800;
const at = (score: number) => `${((score - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)) * 100}%`;

/** Each section's score estimate on the SAT's 200–800 scale, with its likely range drawn on the scale. */
export function ScoreEstimates({ scores }: { scores: readonly Estimate[] }) {
  return (
    <ul className="score-list">
      {scores.map((s) => (
        <li key={s.section} className="score-item">
          <p className="score-line">
            <span className="score-section">{s.section}</span>
            {s.responses > 0 ? (
              <>
                <strong className="score-value">{s.score}</strong>
                <span className="score-range">
                  likely {s.low}–{s.high}, from {plural(s.responses, 'answer')}
                </span>
              </>
            ) : (
              <span className="score-range">Answer a few {s.section} questions to get an estimate.</span>
            )}
          </p>
          {s.responses > 0 && (
            <div className="score-scale" aria-hidden="true">
              <span className="score-band" style={{ left: at(s.low), width: `calc(${at(s.high)} - ${at(s.low)})` }} />
              <span className="score-mark" style={{ left: at(s.score) }} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
