import { describe, expect, it } from 'vitest';
import { type TaskStatus } from '../types';
import { blockedBy, readyTasks, type TaskProgress } from './progress';

const t = (ref: string, status: TaskStatus, dependsOn: string[] = []): TaskProgress => ({
  ref,
  status,
  dependsOn,
});

describe('readyTasks', () => {
  it('returns pending tasks whose dependencies all succeeded, in order', () => {
    const tasks = [
      t('a', 'succeeded'),
      t('b', 'running'),
      t('c', 'pending', ['a']),
      t('d', 'pending', ['a', 'b']),
      t('e', 'pending'),
      t('f', 'ready'),
    ];
    expect(readyTasks(tasks)).toEqual(['c', 'e']);
  });

  it('does not release dependents of a skipped task unless asked to', () => {
    const tasks = [t('a', 'skipped'), t('b', 'pending', ['a'])];
    expect(readyTasks(tasks)).toEqual([]);
    expect(readyTasks(tasks, { satisfiedBy: ['succeeded', 'skipped'] })).toEqual(['b']);
  });

  it('never releases a task that depends on a missing ref', () => {
    expect(readyTasks([t('a', 'pending', ['ghost'])])).toEqual([]);
  });
});

describe('blockedBy', () => {
  it('is null while something runs, retries or is enqueued', () => {
    for (const status of ['running', 'retrying', 'ready'] as const) {
      expect(blockedBy([t('a', status), t('b', 'pending', ['a'])])).toBeNull();
    }
  });

  it('is null while a task can start', () => {
    expect(blockedBy([t('a', 'succeeded'), t('b', 'pending', ['a'])])).toBeNull();
  });

  it('is null when every task is finished', () => {
    expect(blockedBy([t('a', 'succeeded'), t('b', 'failed'), t('c', 'cancelled')])).toBeNull();
  });

  it('names the blocked tasks and what blocks them', () => {
    const deadlock = blockedBy([
      t('a', 'succeeded'),
      t('b', 'failed', ['a']),
      t('c', 'pending', ['a', 'b']),
      t('d', 'pending', ['c']),
    ]);
    expect(deadlock).toEqual({
      blocked: [
        { ref: 'c', waitingOn: [{ ref: 'b', status: 'failed' }] },
        { ref: 'd', waitingOn: [{ ref: 'c', status: 'pending' }] },
      ],
      message: "deadlock: 'c' waits for 'b' (failed); 'd' waits for 'c' (pending)",
    });
  });

  it('catches a cycle that slipped past validation and a missing dependency', () => {
    const deadlock = blockedBy([t('x', 'pending', ['y']), t('y', 'pending', ['x', 'gone'])]);
    expect(deadlock?.message).toBe(
      "deadlock: 'x' waits for 'y' (pending); 'y' waits for 'x' (pending), 'gone' (missing)",
    );
  });
});
