import type { SkillId } from '@satprep/domain';

/** One concrete strategy per skill; the offline tutor uses these as the "next step" advice. */
export const SKILL_TIPS: Record<SkillId, string> = {
  'linear-equations-one-variable': 'undo operations in reverse order (constants first, then coefficients) and substitute your answer back into the original equation to check it',
  'linear-functions': 'read the slope as the change in output per one-unit change in input and the y-intercept as the starting value, then write f(x) = mx + b before answering',
  'linear-equations-two-variables': 'translate each quantity into a variable with units, and test a simple point such as x = 0 to check the intercept',
  'systems-of-linear-equations': 'line the equations up and eliminate one variable by adding or subtracting multiples; for "no solution" compare slopes and intercepts',
  'linear-inequalities': 'solve like an equation but flip the inequality sign whenever you multiply or divide by a negative number, then test one value from your answer',
  'equivalent-expressions': 'expand or factor one step at a time and check equivalence by plugging in a small number such as x = 2 into both forms',
  'nonlinear-equations': 'set the equation equal to zero, then factor or use the quadratic formula; check each root in the original equation because some may be extraneous',
  'nonlinear-functions': 'identify the form first (vertex form shows the vertex, factored form shows the zeros, exponential form shows the starting value and growth factor)',
  'ratios-rates-units': 'write the units next to every number and set up a proportion so the units cancel to the unit the question asks for',
  percentages: 'convert the percent to a multiplier (a 15% increase is × 1.15, a 15% decrease is × 0.85) and be clear about which amount is the whole',
  'one-variable-data': 'sort the data before finding a median, and remember that outliers move the mean much more than the median',
  'two-variable-data': 'read the slope of the line of best fit as the predicted change in y for each one-unit increase in x, and only predict inside the data range',
  probability: 'write the probability as favorable outcomes over the total of the group the question restricts you to; for "given that" questions the denominator is only that group',
  'sample-statistics': 'a margin of error describes an interval of plausible values for the population, and conclusions only extend to the population that was randomly sampled',
  'statistical-claims': 'only random assignment supports cause-and-effect claims, and only random sampling supports generalizing to a larger population',
  'area-and-volume': 'write the formula first, substitute carefully (radius, not diameter), and track whether the question asks for area (square units) or volume (cubic units)',
  'lines-angles-triangles': 'mark every angle you know on a sketch, use that angles in a triangle sum to 180° and that parallel lines create equal corresponding angles',
  'right-triangles-trigonometry': 'label the sides opposite, adjacent and hypotenuse relative to the angle, then use SOH-CAH-TOA or the Pythagorean theorem',
  circles: 'use (x − h)² + (y − k)² = r² for the center and radius, and arc length = (central angle / 360°) × 2πr',
  'central-ideas-details': 'summarize the text in one sentence before reading the choices, and reject choices that are true of only one detail',
  'command-of-evidence-textual': 'restate the claim in your own words, then pick the quotation that would directly prove it, not one that is merely on the same topic',
  'command-of-evidence-quantitative': 'find the exact rows or bars the claim mentions and check every part of the choice against the numbers, not just the first half',
  inferences: 'choose the completion that must be true from the text alone; eliminate choices that need outside assumptions',
  'words-in-context': 'cover the word, predict a replacement from the surrounding sentences, and pick the choice closest to your prediction',
  'text-structure-purpose': 'ask what job the sentence does for the whole text (introduces, contrasts, gives an example, concludes) before looking at the choices',
  'cross-text-connections': 'state each author\'s position in a few words, then decide whether Text 2 would agree, disagree or qualify Text 1\'s claim',
  'rhetorical-synthesis': 'underline the goal in the question and pick the choice that accomplishes exactly that goal, even if other choices are accurate',
  transitions: 'name the relationship between the two sentences (contrast, cause, example, addition, sequence) before choosing the transition word',
  boundaries: 'find the independent clauses first: join two of them with a period, a semicolon or a comma plus a conjunction, never with a comma alone',
  'form-structure-sense': 'find the true subject of the verb (skip over prepositional phrases) and make the verb, pronoun and tense agree with it',
};

/** Words students use for a skill, so the tutor can tell what a note or question is about. */
export const SKILL_KEYWORDS: Partial<Record<SkillId, string[]>> = {
  'linear-equations-one-variable': ['linear equation', 'solve for x', 'isolate'],
  'linear-functions': ['slope', 'intercept', 'linear function'],
  'systems-of-linear-equations': ['system', 'elimination', 'substitution', 'two equations'],
  'linear-inequalities': ['inequality', 'inequalities', 'flip the sign', 'dividing by a negative'],
  'equivalent-expressions': ['factor', 'expand', 'equivalent', 'simplify', 'exponent'],
  'nonlinear-equations': ['quadratic', 'quadratics', 'parabola', 'roots', 'quadratic formula', 'discriminant'],
  'nonlinear-functions': ['exponential', 'vertex', 'function', 'growth'],
  'ratios-rates-units': ['ratio', 'rate', 'units', 'proportion', 'convert'],
  percentages: ['percent', 'percentage', 'discount', '%'],
  'one-variable-data': ['mean', 'median', 'average', 'standard deviation', 'range', 'outlier'],
  'two-variable-data': ['scatterplot', 'line of best fit', 'correlation'],
  probability: ['probability', 'chance', 'odds', 'conditional'],
  'sample-statistics': ['margin of error', 'sample', 'survey'],
  'statistical-claims': ['experiment', 'random assignment', 'causation', 'observational'],
  'area-and-volume': ['area', 'volume', 'surface area', 'cylinder', 'cube'],
  'lines-angles-triangles': ['angle', 'triangle', 'parallel', 'similar'],
  'right-triangles-trigonometry': ['sin', 'cos', 'tan', 'trig', 'pythagorean', 'hypotenuse', 'right triangle'],
  circles: ['circle', 'radius', 'diameter', 'arc', 'circumference'],
  'central-ideas-details': ['main idea', 'central idea', 'main point'],
  'command-of-evidence-textual': ['evidence', 'quotation', 'support the claim'],
  'command-of-evidence-quantitative': ['table', 'graph', 'chart', 'data'],
  inferences: ['inference', 'infer', 'logically completes'],
  'words-in-context': ['vocabulary', 'word', 'meaning', 'most nearly mean'],
  'text-structure-purpose': ['purpose', 'structure', 'function of'],
  'cross-text-connections': ['text 1', 'text 2', 'both texts'],
  'rhetorical-synthesis': ['notes', 'synthesis', 'goal'],
  transitions: ['transition', 'however', 'therefore'],
  boundaries: ['comma', 'semicolon', 'colon', 'punctuation', 'run-on', 'dash'],
  'form-structure-sense': ['agreement', 'verb', 'pronoun', 'tense', 'grammar', 'possessive'],
};

/**
 * Keywords a note on a question of the other section may use in passing ("a word problem", "what
 * does this mean", "the data in the table", "however"): they tell a note's topic when nothing else
 * does, but not that a note is about another topic than the question it is attached to.
 */
export const SHARED_KEYWORDS: ReadonlySet<string> = new Set([
  'system', 'factor', 'expand', 'equivalent', 'simplify', 'function', 'growth', 'rate', 'units', 'convert',
  'percent', 'percentage', '%', 'mean', 'average', 'range', 'correlation', 'chance', 'odds', 'conditional',
  'sample', 'survey', 'experiment', 'random assignment', 'causation', 'observational', 'area', 'similar', 'parallel',
  'evidence', 'support the claim', 'table', 'graph', 'chart', 'data', 'infer', 'main point', 'word', 'meaning',
  'purpose', 'structure', 'function of', 'notes', 'goal', 'however', 'therefore', 'colon', 'dash', 'agreement',
]);
