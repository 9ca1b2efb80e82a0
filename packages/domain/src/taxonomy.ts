/**
 * The digital SAT's sections, content domains and skills, as published in the
 * test specification. Skill ids are stable slugs: they are stored in the
 * database and written into training data, so never rename one.
 */
export const SECTIONS = ['Math', 'Reading and Writing'] as const;
export type Section = (typeof SECTIONS)[number];

export const TAXONOMY = {
  Math: {
    Algebra: {
      'linear-equations-one-variable': 'Linear equations in one variable',
      'linear-functions': 'Linear functions',
      'linear-equations-two-variables': 'Linear equations in two variables',
      'systems-of-linear-equations': 'Systems of two linear equations in two variables',
      'linear-inequalities': 'Linear inequalities in one or two variables',
    },
    'Advanced Math': {
      'equivalent-expressions': 'Equivalent expressions',
      'nonlinear-equations': 'Nonlinear equations in one variable and systems of equations in two variables',
      'nonlinear-functions': 'Nonlinear functions',
    },
    'Problem-Solving and Data Analysis': {
      'ratios-rates-units': 'Ratios, rates, proportional relationships, and units',
      percentages: 'Percentages',
      'one-variable-data': 'One-variable data: distributions and measures of center and spread',
      'two-variable-data': 'Two-variable data: models and scatterplots',
      probability: 'Probability and conditional probability',
      'sample-statistics': 'Inference from sample statistics and margin of error',
      'statistical-claims': 'Evaluating statistical claims: observational studies and experiments',
    },
    'Geometry and Trigonometry': {
      'area-and-volume': 'Area and volume',
      'lines-angles-triangles': 'Lines, angles, and triangles',
      'right-triangles-trigonometry': 'Right triangles and trigonometry',
      circles: 'Circles',
    },
  },
  'Reading and Writing': {
    'Information and Ideas': {
      'central-ideas-details': 'Central ideas and details',
      'command-of-evidence-textual': 'Command of evidence: textual',
      'command-of-evidence-quantitative': 'Command of evidence: quantitative',
      inferences: 'Inferences',
    },
    'Craft and Structure': {
      'words-in-context': 'Words in context',
      'text-structure-purpose': 'Text structure and purpose',
      'cross-text-connections': 'Cross-text connections',
    },
    'Expression of Ideas': {
      'rhetorical-synthesis': 'Rhetorical synthesis',
      transitions: 'Transitions',
    },
    'Standard English Conventions': {
      boundaries: 'Boundaries',
      'form-structure-sense': 'Form, structure, and sense',
    },
  },
} as const;

type Tax = typeof TAXONOMY;
export type Domain = { [S in Section]: keyof Tax[S] }[Section] & string;
export type SkillId = { [S in Section]: { [D in keyof Tax[S]]: keyof Tax[S][D] }[keyof Tax[S]] }[Section] & string;

export interface SkillInfo {
  section: Section;
  domain: Domain;
  skill: SkillId;
  name: string;
}

export const SKILLS: readonly SkillInfo[] = SECTIONS.flatMap((section) =>
  Object.entries(TAXONOMY[section]).flatMap(([domain, skills]) =>
    Object.entries(skills as Record<string, string>).map(([skill, name]) => ({
      section,
      domain: domain as Domain,
      skill: skill as SkillId,
      name,
    })),
  ),
);

export const DOMAINS: readonly Domain[] = [...new Set(SKILLS.map((s) => s.domain))];
export const SKILL_IDS = SKILLS.map((s) => s.skill) as [SkillId, ...SkillId[]];

const bySkill = new Map(SKILLS.map((s) => [s.skill, s]));

export function skillInfo(skill: string): SkillInfo {
  const info = bySkill.get(skill as SkillId);
  if (!info) throw new Error(`Unknown SAT skill "${skill}"`);
  return info;
}

/** A skill's name for a text, or the id itself when it is not a skill (old rows, foreign data). */
export function skillNameOf(skill: string): string {
  return bySkill.get(skill as SkillId)?.name ?? skill;
}

/**
 * A skill's name as a sentence writes it: the subtitle in parentheses ("Command of evidence
 * (textual)" for "Command of evidence: textual"), so that "Day 1's command of evidence: textual
 * task: done" does not stack colons in one clause. Tutor texts and plan goals write this form;
 * the dataset audit reads it as the same skill.
 */
export function nameInRunningText(name: string): string {
  return name.replace(/: (.+)$/, ' ($1)');
}

export function isSkillId(value: string): value is SkillId {
  return bySkill.has(value as SkillId);
}

export function sectionOfDomain(domain: Domain): Section {
  return SKILLS.find((s) => s.domain === domain)!.section;
}
