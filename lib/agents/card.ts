/**
 * From an A2A agent card to what Baton stores: skills become capabilities (card-hash.ts hashes them
 * to detect drift). Pure functions with no Node APIs, so forms may use the name rule in the
 * browser; the network side is in a2a.ts.
 */
import type { ImportedCapability } from './types';

/** Capability names: what routing matches on, and what the planner writes into tasks. */
export const CAPABILITY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/;
const MAX_CAPABILITY_NAME_LENGTH = 128;

/** The parts of a skill Baton reads (the SDK's `AgentSkill`, with every field optional). */
export interface SkillLike {
  id?: string;
  name?: string;
  description?: string;
  tags?: readonly string[];
  examples?: readonly string[];
  inputModes?: readonly string[];
  outputModes?: readonly string[];
}

export interface CardModes {
  defaultInputModes?: readonly string[];
  defaultOutputModes?: readonly string[];
}

/**
 * A capability name from a skill id: characters outside the pattern become `_`, leading characters
 * that cannot start a name are dropped, the result is cut to 128 characters. Null when nothing
 * usable is left (e.g. an id made only of punctuation).
 */
export function toCapabilityName(id: string): string | null {
  const name = id
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents: "café" → "cafe", not "caf_"
    .trim()
    .replace(/\s+/g, '_')
    .replace(/[^A-Za-z0-9_.:/-]/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, MAX_CAPABILITY_NAME_LENGTH);
  return CAPABILITY_NAME_PATTERN.test(name) ? name : null;
}

/**
 * Skills as capabilities, in card order. A skill's own input/output modes win over the card's
 * defaults. Names are unique per agent (the database says so): when two skill ids sanitize to the
 * same name, later ones get `_2`, `_3`, …; a skill whose id yields no name falls back to its
 * display name, then to `skill_<n>`.
 */
export function skillsToCapabilities(
  skills: readonly SkillLike[],
  modes: CardModes = {},
): ImportedCapability[] {
  const used = new Set<string>();
  return skills.map((skill, index) => {
    const base =
      toCapabilityName(skill.id ?? '') ??
      toCapabilityName(skill.name ?? '') ??
      `skill_${index + 1}`;
    let name = base;
    for (let n = 2; used.has(name); n += 1) {
      const suffix = `_${n}`;
      name = `${base.slice(0, MAX_CAPABILITY_NAME_LENGTH - suffix.length)}${suffix}`;
    }
    used.add(name);
    const inputTypes = nonEmpty(skill.inputModes) ?? [...(modes.defaultInputModes ?? [])];
    const outputTypes = nonEmpty(skill.outputModes) ?? [...(modes.defaultOutputModes ?? [])];
    return {
      name,
      description: (skill.description ?? skill.name ?? '').trim(),
      inputTypes: cleanList(inputTypes),
      outputTypes: cleanList(outputTypes),
      tags: cleanList(skill.tags ?? []),
      examples: cleanList(skill.examples ?? []),
    };
  });
}

function nonEmpty(list: readonly string[] | undefined): string[] | null {
  return list && list.length > 0 ? [...list] : null;
}

function cleanList(list: readonly string[]): string[] {
  return [...new Set(list.filter((item) => typeof item === 'string' && item.trim() !== ''))];
}

/**
 * JSON with object keys sorted at every depth, so the same data always gives the same text
 * whatever order a server writes its keys in. `undefined` members are dropped, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(source)
        .sort()
        .filter((key) => source[key] !== undefined)
        .map((key) => [key, sortKeys(source[key])]),
    );
  }
  return value;
}
