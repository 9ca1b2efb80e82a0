import type { SkillStat } from '@satprep/domain';
import { percent, plural, TAXONOMY_TREE } from '../lib/format.ts';

interface Tally {
  correct: number;
  total: number;
}

const add = (a: Tally, b: Tally): Tally => ({ correct: a.correct + b.correct, total: a.total + b.total });
const ZERO: Tally = { correct: 0, total: 0 };

/** Accuracy bar: the figure is in the text beside it, so the drawing is hidden from screen readers. */
function Bar({ tally }: { tally: Tally }) {
  const p = percent(tally.correct, tally.total);
  const tone = tally.total === 0 ? 'none' : p >= 80 ? 'high' : p >= 50 ? 'mid' : 'low';
  return (
    <svg className={`bar bar-${tone}`} viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect className="bar-track" x="0" y="0" width="100" height="8" rx="4" />
      {tally.total > 0 && <rect className="bar-fill" x="0" y="0" width={Math.max(p, 2)} height="8" rx="4" />}
    </svg>
  );
}

function Figure({ tally }: { tally: Tally }) {
  if (tally.total === 0) return <span className="figure figure-none">Not practised yet</span>;
  return (
    <span className="figure">
      <strong>{percent(tally.correct, tally.total)}%</strong>{' '}
      <span className="figure-detail" title={`${tally.correct} of ${plural(tally.total, 'question')} correct`}>
        ({tally.correct} of {tally.total})
      </span>
    </span>
  );
}

/** Accuracy by section, domain and skill, from the per-skill tallies. */
export function ProgressChart({ skills, headingLevel = 3 }: { skills: readonly SkillStat[]; headingLevel?: 2 | 3 }) {
  const bySkill = new Map(skills.map((s) => [s.skill, { correct: s.correct, total: s.total }]));
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="progress-chart">
      {TAXONOMY_TREE.map(({ section, domains }) => {
        const domainTallies = domains.map((d) => ({ ...d, tally: d.skills.reduce((t, s) => add(t, bySkill.get(s.skill) ?? ZERO), ZERO) }));
        const sectionTally = domainTallies.reduce((t, d) => add(t, d.tally), ZERO);
        return (
          <section key={section} className="chart-section">
            <div className="chart-section-head">
              <H>{section}</H>
              <Figure tally={sectionTally} />
            </div>
            <ul className="chart-rows">
              {domainTallies.map((d) => (
                <li key={d.domain} className="chart-row">
                  <details>
                    <summary>
                      <span className="chart-label">{d.domain}</span>
                      <Bar tally={d.tally} />
                      <Figure tally={d.tally} />
                    </summary>
                    <ul className="chart-skills">
                      {d.skills.map((s) => {
                        const t = bySkill.get(s.skill) ?? ZERO;
                        return (
                          <li key={s.skill} className="chart-skill">
                            <span className="chart-label">{s.name}</span>
                            <Bar tally={t} />
                            <Figure tally={t} />
                          </li>
                        );
                      })}
                    </ul>
                  </details>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
