import { describe, expect, it } from 'vitest';
import { WorkflowSchema } from './workflow';
import {
  editDistance,
  issueText,
  prioritiseIssues,
  suggestClosest,
  unknownKeysMessage,
  workflowIssueText,
} from './suggest';

const TASK_KEYS = ['ref', 'capability', 'description', 'input', 'dependsOn', 'mode'];

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions as one edit each', () => {
    expect(editDistance('capability', 'capability')).toBe(0);
    expect(editDistance('capabilty', 'capability')).toBe(1);
    expect(editDistance('dependson', 'dependsOn'.toLowerCase())).toBe(0);
    expect(editDistance('depnedsOn', 'dependsOn')).toBe(1);
    expect(editDistance('mdoe', 'mode')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('suggestClosest', () => {
  it('suggests the key a typo stands for, case-insensitively', () => {
    expect(suggestClosest('capabilty', TASK_KEYS)).toBe('capability');
    expect(suggestClosest('DependsOn', TASK_KEYS)).toBe('dependsOn');
    expect(suggestClosest('depends_on', TASK_KEYS)).toBe('dependsOn');
  });

  it('suggests nothing for a word that is not a plausible typo', () => {
    expect(suggestClosest('priority', TASK_KEYS)).toBeNull();
    expect(suggestClosest('x', TASK_KEYS)).toBeNull();
  });
});

describe('unknownKeysMessage', () => {
  it('names the key and the likely intended one', () => {
    expect(unknownKeysMessage(['capabilty'], TASK_KEYS)).toBe(
      'unknown key `capabilty`; did you mean `capability`?',
    );
    expect(unknownKeysMessage(['priority'], TASK_KEYS)).toBe('unknown key `priority`');
  });

  it('does not suggest a key the object already has', () => {
    expect(unknownKeysMessage(['capabilty'], TASK_KEYS, ['ref', 'capability'])).toBe(
      'unknown key `capabilty`',
    );
  });

  it('lists several keys, each with its own hint', () => {
    expect(unknownKeysMessage(['priority', 'mdoe'], TASK_KEYS)).toBe(
      'unknown keys `priority`, `mdoe` (did you mean `mode`?)',
    );
  });
});

describe('workflow error texts', () => {
  const firstIssue = (json: unknown) => {
    const parsed = WorkflowSchema.safeParse(json);
    if (parsed.success) throw new Error('expected the workflow to be refused');
    return workflowIssueText(parsed.error.issues);
  };

  it('explains a misspelt key instead of the missing key it causes', () => {
    expect(firstIssue({ tasks: [{ ref: 'a', capabilty: 'calculate' }] })).toBe(
      'unknown key `capabilty` in tasks.0; did you mean `capability`?',
    );
  });

  it('names unknown top-level keys', () => {
    expect(firstIssue({ taks: [] })).toBe('unknown key `taks`; did you mean `tasks`?');
  });

  it('still reports ordinary problems with their path', () => {
    expect(firstIssue({ tasks: [{ ref: 'a', capability: 'calculate', maxAttempts: 0 }] })).toMatch(
      /^tasks\.0\.maxAttempts: /,
    );
  });

  it('keeps a missing-key complaint when no unknown key explains it', () => {
    const parsed = WorkflowSchema.safeParse({ tasks: [{ ref: 'a', priority: 1 }] });
    expect(parsed.success).toBe(false);
    const texts = prioritiseIssues(parsed.error!.issues).map(issueText);
    expect(texts[0]).toBe('unknown key `priority` in tasks.0');
    expect(texts.some((text) => text.startsWith('tasks.0.capability: '))).toBe(true);
  });
});
