import { DOMAINS, SECTIONS, SKILLS, type Domain, type Section } from '@satprep/domain';

/** Dates arrive as ISO strings over JSON even where the server's type says Date. */
export function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });

export const formatDate = (value: Date | string) => dateFormat.format(toDate(value));
export const formatDateTime = (value: Date | string) => dateTimeFormat.format(toDate(value));

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

export const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

const skillNames = new Map<string, string>(SKILLS.map((s) => [s.skill, s.name]));

/** The skill's name from the taxonomy; the raw id if the taxonomy does not know it. */
export const skillName = (skill: string | null | undefined) => (skill ? (skillNames.get(skill) ?? skill) : '');

/** What a session covered, in words. */
export function sessionTopic(s: { domain?: string | null | undefined; skill?: string | null | undefined }): string {
  if (s.skill) return skillName(s.skill);
  if (s.domain) return s.domain;
  return 'Mixed practice';
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Sections → domains → skills, in taxonomy order. */
export const TAXONOMY_TREE: { section: Section; domains: { domain: Domain; skills: { skill: string; name: string }[] }[] }[] = SECTIONS.map((section) => ({
  section,
  domains: DOMAINS.filter((d) => SKILLS.some((s) => s.domain === d && s.section === section)).map((domain) => ({
    domain,
    skills: SKILLS.filter((s) => s.domain === domain).map((s) => ({ skill: s.skill, name: s.name })),
  })),
}));
