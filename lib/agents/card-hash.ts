/**
 * The drift hash of an agent card: when the skills an agent announces change, so does the hash,
 * and health checks flag the agent (architecture.md §5).
 */
import { createHash } from 'node:crypto';
import { canonicalJson, type SkillLike } from './card';

/**
 * The drift hash: SHA-256 of the canonical JSON of the skills only (name, version or description
 * changes elsewhere on the card are not drift). Each skill is reduced to the fields Baton imports,
 * with missing lists read as empty, and the skills are ordered by id — so key order, omitted empty
 * lists and skill order do not change the hash, while any change to a skill does.
 */
export function hashSkills(skills: readonly SkillLike[]): string {
  const normalized = skills
    .map((skill) => ({
      id: skill.id ?? '',
      name: skill.name ?? '',
      description: skill.description ?? '',
      tags: [...(skill.tags ?? [])],
      examples: [...(skill.examples ?? [])],
      inputModes: [...(skill.inputModes ?? [])],
      outputModes: [...(skill.outputModes ?? [])],
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : canonicalCompare(a, b)));
  return createHash('sha256').update(canonicalJson(normalized), 'utf8').digest('hex');
}

function canonicalCompare(a: unknown, b: unknown): number {
  const left = canonicalJson(a);
  const right = canonicalJson(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
