import { skillInfo, type FeedbackContext, type FeedbackSkillContext, type SessionFeedbackRequest } from '@satprep/domain';
import { SKILL_TIPS } from '../skill-tips.ts';
import { pct, skillInText, type OfflineText } from './shared.ts';
import { variation } from './vary.ts';

export const SESSION_FEEDBACK_PROMPT_VERSION = 'session-feedback/v3';

/** Answers in a skill this session before the feedback calls it a strength or a focus on this session alone. */
export const FOCUS_MIN_SESSION_ANSWERS = 3;
/** All-practice answers (stated in the input) that are enough evidence on their own. */
export const FOCUS_MIN_ALL_ANSWERS = 6;
/** The digital SAT's pacing per question, stated in the rendered input beside the timing. */
const PACE_SECONDS = { Math: 95, 'Reading and Writing': 71 } as const;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const lowerName = skillInText;
const tipFor = (skill: string) => SKILL_TIPS[skill as keyof typeof SKILL_TIPS];

/** A skill's accuracy on the evidence the feedback may use, or null when there is too little. */
function evidence(s: FeedbackSkillContext): { correct: number; total: number; allTime: boolean } | null {
  if (s.total >= FOCUS_MIN_SESSION_ANSWERS) return { correct: s.correct, total: s.total, allTime: false };
  if (s.allTotal >= FOCUS_MIN_ALL_ANSWERS) return { correct: s.allCorrect, total: s.allTotal, allTime: true };
  return null;
}

/**
 * session-feedback/v2: written only from the stored context and the session's domain tallies,
 * which the exported input renders in full. No name (the text is a training target); a focus or
 * a strength only on enough evidence; pacing from the real timing, with fast answers called what
 * they are. Each sentence slot has several realisations, chosen deterministically per context.
 * v3: skill names with a subtitle in running text as "command of evidence (textual)" (see skillInText).
 */
export function sessionFeedback(req: Pick<SessionFeedbackRequest, 'context' | 'performance'>): OfflineText {
  return { text: writeSessionFeedback(req), promptVersion: SESSION_FEEDBACK_PROMPT_VERSION };
}

function writeSessionFeedback(req: Pick<SessionFeedbackRequest, 'context' | 'performance'>): string {
  const c: FeedbackContext = req.context;
  const pick = variation(JSON.stringify(c));
  const accuracy = pct(c.correct, c.total);
  const questions = c.total === 1 ? 'question' : 'questions';

  const word = pick('opener-word',
    accuracy >= 85 ? ['Excellent work', 'Great session', 'Very strong work', 'Impressive work']
      : accuracy >= 65 ? ['Solid session', 'Good work', 'Nicely done', 'A solid set']
        : accuracy >= 40 ? ['Good effort', 'A fair start', 'Steady effort', 'Some good work here']
          : ['Thanks for sticking with it', 'That was a tough set', 'A hard session', 'Keep at it']);
  const opener = pick('opener', [
    `${word}: you answered ${c.correct} of ${c.total} ${questions} correctly (${accuracy}%).`,
    `${word}. You got ${c.correct} of ${c.total} right, ${accuracy}% in all.`,
    `${word}: ${c.correct} correct out of ${c.total}, which is ${accuracy}%.`,
    `${word}. Your score this session was ${c.correct}/${c.total} (${accuracy}%).`,
    `${word}: ${accuracy}% this session, ${c.correct} of ${c.total} ${questions}.`,
  ]);

  const middle: string[] = [];
  if (c.answered < c.total) {
    middle.push(pick('blank', [
      `You answered ${c.answered} of ${c.total} ${questions}; a blank scores nothing, so always put down your best guess.`,
      `Only ${c.answered} of the ${c.total} ${questions} had an answer. The SAT has no penalty for guessing, so never leave one blank.`,
      `You gave an answer to ${c.answered} of ${c.total}. Leaving a question empty guarantees a miss; an educated guess does not.`,
    ]));
  }
  if (c.previousPercent !== null) {
    const prev = c.previousPercent;
    const compare = accuracy > prev ? 'up' : accuracy < prev ? 'down' : 'same';
    middle.push(pick(`previous-${compare}`, {
      up: [`Your previous session was ${prev}%, so this is an improvement.`, `That beats your previous session (${prev}%).`, `Last time you scored ${prev}%; this session went better.`],
      down: [
        `Your previous session was ${prev}%, so this one was lower; a harder or newer set often does that.`,
        `That is below your previous session (${prev}%), which usually means the material was newer to you.`,
        `Last time you reached ${prev}%. A dip after a new topic is normal.`,
      ],
      same: [`That matches your previous session (${prev}%).`, `Same as last time: ${prev}%.`, `Your previous session was also ${prev}%.`],
    }[compare]));
  }
  const domains = Object.values(req.performance).flatMap((ds) => Object.entries(ds ?? {}).map(([domain, t]) => ({ domain, correct: t!.correct, total: t!.total })));
  if (domains.length > 1) {
    const form = pick('domain-form', ['slash', 'of']);
    const list = domains.map((d) => (form === 'slash' ? `${d.domain} ${d.correct}/${d.total}` : `${d.domain} ${d.correct} of ${d.total}`)).join(', ');
    middle.push(pick('domains', [`By domain: ${list}.`, `Domain by domain: ${list}.`, `Here is how the domains went: ${list}.`, `Per domain you scored ${list}.`]));
  }
  if (middle.length > 1 && pick('middle-order', ['keep', 'reverse']) === 'reverse') middle.reverse();

  // Strength and focus, only on enough evidence (the session's own answers first, all practice after).
  const rated = c.skills.map((s) => ({ s, e: evidence(s) })).filter((x): x is { s: FeedbackSkillContext; e: NonNullable<ReturnType<typeof evidence>> } => x.e !== null);
  const ratio = (e: { correct: number; total: number }) => e.correct / e.total;
  const missedNow = (s: FeedbackSkillContext) => s.correct < s.total;
  const focus = rated.filter((x) => missedNow(x.s) && ratio(x.e) < 1).sort((a, b) => ratio(a.e) - ratio(b.e) || b.e.total - a.e.total)[0];
  const best = rated.filter((x) => !x.e.allTime).sort((a, b) => ratio(b.e) - ratio(a.e) || b.e.total - a.e.total)[0];
  const advice: string[] = [];
  if (best && (!focus || (best.s.skill !== focus.s.skill && ratio(best.e) > ratio(focus.e))) && ratio(best.e) >= 0.6) {
    const name = lowerName(best.s.skill);
    advice.push(pick('strength', [
      `Your strongest skill today was ${name} (${best.s.correct}/${best.s.total}).`,
      `${best.s.correct} of ${best.s.total} on ${name} shows that skill is working for you.`,
      `You handled ${name} well: ${best.s.correct} of ${best.s.total}.`,
    ]));
  }
  if (focus) {
    const s = focus.s;
    const name = lowerName(s.skill);
    const tip = tipFor(s.skill);
    if (focus.e.allTime) {
      advice.push(pick('focus-all', [
        `Focus next on ${name}: over all your practice you have ${s.allCorrect} of ${s.allTotal} (${pct(s.allCorrect, s.allTotal)}%). Tip: ${tip}.`,
        `${name.charAt(0).toUpperCase() + name.slice(1)} is the skill to work on next; across all your practice it stands at ${s.allCorrect} of ${s.allTotal}. Try this: ${tip}.`,
        `Next, spend time on ${name}, where all your practice so far adds up to ${pct(s.allCorrect, s.allTotal)}% (${s.allCorrect}/${s.allTotal}). One strategy: ${tip}.`,
      ]));
    } else {
      const history = s.allTotal > s.total ? pick('history', [` (${pct(s.allCorrect, s.allTotal)}% over all your practice)`, `, and ${s.allCorrect} of ${s.allTotal} over all your practice`]) : '';
      advice.push(pick('focus-session', [
        `Focus next on ${name}, where you got ${s.correct} of ${s.total}${history}. Tip: ${tip}.`,
        `The skill to work on next is ${name}: ${s.correct} of ${s.total} this session${history}. Try this: ${tip}.`,
        `${name.charAt(0).toUpperCase() + name.slice(1)} cost you the most points today (${s.correct}/${s.total}${history}). A strategy that helps: ${tip}.`,
      ]));
    }
  } else if (c.correct < c.total) {
    advice.push(pick('spread', [
      'The misses were spread over skills with too few questions each to single one out; a longer set on one domain will show where to focus.',
      'No single skill had enough questions this time to call it a weakness. Try a longer set on one domain next to find out.',
      'Your misses were scattered across skills with only a question or two each, so there is no clear focus yet; a longer set will tell.',
    ]));
  } else {
    const next = c.skills.filter((s) => s.allTotal >= FOCUS_MIN_ALL_ANSWERS && s.allCorrect < s.allTotal).sort((a, b) => a.allCorrect / a.allTotal - b.allCorrect / b.allTotal)[0];
    advice.push(next
      ? pick('all-right-next', [
        `Every answer was right. Across all your practice, ${lowerName(next.skill)} is still at ${pct(next.allCorrect, next.allTotal)}%, so it is a good next step.`,
        `Nothing missed today. Over all your practice ${lowerName(next.skill)} stands at ${next.allCorrect} of ${next.allTotal}, the place to keep pushing.`,
      ])
      : pick('all-right', [
        'Every answer was right. Try a longer or harder set next to keep stretching.',
        'A clean sheet. Move on to a longer set or harder questions to keep improving.',
        'Nothing missed. Next time, take a bigger set so there is more to learn from.',
      ]));
  }

  let pacing: string | null = null;
  if (c.averageSeconds !== null && c.answered > 0) {
    const avg = plural(c.averageSeconds, 'second', 'seconds');
    const sections = new Set(c.skills.map((s) => skillInfo(s.skill).section));
    const limit = Math.max(...[...sections].map((s) => PACE_SECONDS[s as keyof typeof PACE_SECONDS] ?? 95));
    const onlyRw = sections.size === 1 && sections.has('Reading and Writing');
    const fast = c.fastAnswers;
    if (fast * 2 >= c.answered || c.averageSeconds < c.fastSeconds) {
      pacing = pick('pace-rushed', [
        `${fast} of your ${c.answered} answers came in under ${c.fastSeconds} seconds, too fast to read a question and work it out; answers that quick are usually guesses, so slow down and solve each one.`,
        `You averaged ${avg} per question, and ${fast} of ${c.answered} answers took under ${c.fastSeconds} seconds. That is rushing or guessing, not pacing: take the time to read and work each question.`,
        `At ${avg} per question on average, with ${fast} answers under ${c.fastSeconds} seconds, most answers look like guesses. Slow down: accuracy comes first, speed later.`,
      ]);
    } else if (c.averageSeconds > limit) {
      pacing = pick('pace-slow', [
        `You averaged ${avg} per question; the digital SAT allows about 71 seconds for Reading and Writing and 95 for Math, so practise moving on and coming back.`,
        `At ${avg} per question you are slower than the SAT's pace (about ${onlyRw ? '71 seconds a question in Reading and Writing' : '95 seconds a question in Math'}); mark hard questions and return to them.`,
        `Your average was ${avg} a question, above the SAT's pace of about 71 seconds (Reading and Writing) and 95 seconds (Math). Skip and come back rather than getting stuck.`,
      ]);
    } else if (fast > 0) {
      pacing = pick('pace-some-fast', [
        `You averaged ${avg} per question, within SAT pacing, but ${plural(fast, 'answer', 'answers')} took under ${c.fastSeconds} seconds; make sure those were not guesses.`,
        `Your pace of ${avg} a question fits the SAT's timing, though ${fast} of ${c.answered} answers came in under ${c.fastSeconds} seconds, which is quicker than a careful read.`,
      ]);
    } else {
      pacing = pick('pace-ok', [
        `You averaged ${avg} per question, which is within SAT pacing.`,
        `Your pace was ${avg} a question, comfortably inside the SAT's timing.`,
        `At ${avg} per question you are working at SAT pace.`,
      ]);
    }
  }

  const order = pick('order', ['pacing-last', 'pacing-middle', 'pacing-first']);
  const parts = [opener, ...(order === 'pacing-first' && pacing ? [pacing] : []), ...middle, ...(order === 'pacing-middle' && pacing ? [pacing] : []), ...advice, ...(order === 'pacing-last' && pacing ? [pacing] : [])];
  return parts.join(' ');
}
