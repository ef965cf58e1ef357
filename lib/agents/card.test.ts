import { describe, expect, it } from 'vitest';
import {
  CAPABILITY_NAME_PATTERN,
  canonicalJson,
  skillsToCapabilities,
  toCapabilityName,
} from './card';
import { hashSkills } from './card-hash';

const SKILLS = [
  {
    id: 'translate',
    name: 'Translate',
    description: 'Translate text between languages.',
    tags: ['language', 'translation'],
    examples: ['Translate "hello" to French'],
    inputModes: ['text/plain'],
    outputModes: ['text/plain'],
  },
  {
    id: 'detect-language',
    name: 'Detect language',
    description: 'Tell which language a text is in.',
    tags: ['language'],
    examples: [],
    inputModes: [],
    outputModes: [],
  },
];

describe('skill → capability mapping', () => {
  it('imports each skill with its modes, falling back to the card defaults', () => {
    expect(
      skillsToCapabilities(SKILLS, {
        defaultInputModes: ['text/plain', 'application/json'],
        defaultOutputModes: ['application/json'],
      }),
    ).toEqual([
      {
        name: 'translate',
        description: 'Translate text between languages.',
        inputTypes: ['text/plain'],
        outputTypes: ['text/plain'],
        tags: ['language', 'translation'],
        examples: ['Translate "hello" to French'],
      },
      {
        name: 'detect-language',
        description: 'Tell which language a text is in.',
        inputTypes: ['text/plain', 'application/json'],
        outputTypes: ['application/json'],
        tags: ['language'],
        examples: [],
      },
    ]);
  });

  it('sanitizes skill ids to the capability name rule', () => {
    expect(toCapabilityName('summarize')).toBe('summarize');
    expect(toCapabilityName('Get weather!')).toBe('Get_weather_');
    expect(toCapabilityName('  _private.skill')).toBe('private.skill');
    expect(toCapabilityName('café:lookup/v2')).toBe('cafe:lookup/v2');
    expect(toCapabilityName('---')).toBeNull();
    expect(toCapabilityName('x'.repeat(300))).toHaveLength(128);
    for (const id of ['a b', '日本語', '🙂 smile', '-x-', 'ok']) {
      const name = toCapabilityName(id);
      if (name !== null) expect(name, id).toMatch(CAPABILITY_NAME_PATTERN);
    }
  });

  it('keeps names unique and never empty', () => {
    const names = skillsToCapabilities([
      { id: 'a b' },
      { id: 'a_b' },
      { id: '***', name: 'Fancy skill' },
      { id: '日本' },
    ]).map((capability) => capability.name);
    expect(names).toEqual(['a_b', 'a_b_2', 'Fancy_skill', 'skill_4']);
  });
});

describe('drift hash', () => {
  const hash = hashSkills(SKILLS);

  it('is stable: key order, skill order and omitted empty lists do not matter', () => {
    const reordered = SKILLS.map((skill) =>
      Object.fromEntries(Object.entries(skill).reverse()),
    ).reverse();
    expect(hashSkills(reordered)).toBe(hash);
    const { inputModes: _i, outputModes: _o, examples: _e, ...sparse } = SKILLS[1]!;
    expect(hashSkills([SKILLS[0]!, sparse])).toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when any skill changes, is added or removed', () => {
    const changed = [{ ...SKILLS[0]!, description: 'Translate text.' }, SKILLS[1]!];
    expect(hashSkills(changed)).not.toBe(hash);
    expect(hashSkills([SKILLS[0]!, { ...SKILLS[1]!, tags: ['language', 'nlp'] }])).not.toBe(hash);
    expect(hashSkills([SKILLS[0]!])).not.toBe(hash);
    expect(hashSkills([...SKILLS, { id: 'new' }])).not.toBe(hash);
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
  });
});
