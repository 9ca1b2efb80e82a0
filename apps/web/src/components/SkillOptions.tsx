import { TAXONOMY_TREE } from '../lib/format.ts';

/** Every skill in the taxonomy as `<option>`s grouped by content domain, for a skill `<select>`. */
export function SkillOptions() {
  return (
    <>
      {TAXONOMY_TREE.flatMap((s) => s.domains).map((d) => (
        <optgroup key={d.domain} label={d.domain}>
          {d.skills.map((k) => (
            <option key={k.skill} value={k.skill}>
              {k.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
