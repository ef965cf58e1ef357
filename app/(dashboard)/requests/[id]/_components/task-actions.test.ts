import { describe, expect, it } from 'vitest';
import { isRequestFinished, taskActionsFor } from './task-actions';

describe('taskActionsFor', () => {
  it('offers cancel and skip before a task runs, only cancel while it runs', () => {
    expect(taskActionsFor('pending', 'running')).toEqual(['cancel', 'skip']);
    expect(taskActionsFor('retrying', 'running')).toEqual(['cancel', 'skip']);
    expect(taskActionsFor('running', 'running')).toEqual(['cancel']);
  });

  it('offers retry and skip after a task failed or was cancelled', () => {
    expect(taskActionsFor('failed', 'running')).toEqual(['retry', 'skip']);
    expect(taskActionsFor('cancelled', 'running')).toEqual(['retry', 'skip']);
  });

  it('offers nothing for finished tasks', () => {
    expect(taskActionsFor('succeeded', 'running')).toEqual([]);
    expect(taskActionsFor('skipped', 'failed')).toEqual([]);
  });

  it('reopens a failed request with retry or skip, but never cancels in it', () => {
    expect(taskActionsFor('failed', 'failed')).toEqual(['retry', 'skip']);
    expect(taskActionsFor('pending', 'failed')).toEqual(['skip']);
  });

  it('offers nothing before the request starts or after it succeeded or was cancelled', () => {
    for (const request of ['planning', 'awaiting_approval', 'succeeded', 'cancelled'] as const) {
      expect(taskActionsFor('failed', request)).toEqual([]);
      expect(taskActionsFor('pending', request)).toEqual([]);
    }
  });
});

describe('isRequestFinished', () => {
  it('is true only for the terminal statuses', () => {
    expect(isRequestFinished('succeeded')).toBe(true);
    expect(isRequestFinished('cancelled')).toBe(true);
    expect(isRequestFinished('failed')).toBe(true);
    expect(isRequestFinished('running')).toBe(false);
    expect(isRequestFinished('awaiting_approval')).toBe(false);
  });
});
