import { describe, expect, it } from 'vitest';
import {
  T0,
  attempt,
  event,
  sequentialEvents,
  sequentialExample,
  snapshot,
  task,
} from './fixtures';
import { applyEvent, planOf, reconstructAt } from './replay';
import { summarizeTrace } from './summary';
import { SUMMARY_TEXT_CHARS } from './types';

const statuses = (s: ReturnType<typeof reconstructAt>) =>
  Object.fromEntries(s.tasks.map((t) => [t.ref, t.status]));

describe('reconstructAt', () => {
  const final = sequentialExample();
  const events = sequentialEvents();

  it('shows every task pending at the first event', () => {
    const first = reconstructAt(final, events, events[0]!.id);
    expect(statuses(first)).toEqual({ calculate_1: 'pending', format_json_2: 'pending' });
    expect(first.status).toBe('planning');
    expect(first.tasks.every((t) => t.attempts.length === 0)).toBe(true);
    expect(first.lastEventId).toBe('1');
  });

  it('rebuilds the moment the first task runs, then the moment it succeeded', () => {
    const running = reconstructAt(final, events, '6');
    expect(statuses(running)).toEqual({ calculate_1: 'running', format_json_2: 'pending' });
    expect(running.status).toBe('running');
    expect(running.tasks[0]!.attempts).toEqual([
      expect.objectContaining({
        number: 1,
        agent: 'calculator',
        status: 'running',
        startedAt: T0 + 100,
      }),
    ]);
    const done = reconstructAt(final, events, '9');
    expect(statuses(done)).toEqual({ calculate_1: 'succeeded', format_json_2: 'ready' });
    expect(done.tasks[0]!.attempts[0]).toMatchObject({ status: 'succeeded', latencyMs: 12 });
    expect(done.tasks[0]!.outputPreview).toBe('100');
  });

  it('ends where the run ended', () => {
    const end = reconstructAt(final, events, events.at(-1)!.id);
    expect(statuses(end)).toEqual({ calculate_1: 'succeeded', format_json_2: 'succeeded' });
    expect(end).toMatchObject({
      status: 'succeeded',
      hasResult: true,
      synthesizedBy: 'synthesizer',
    });
    expect(end.finishedAt).toBe(T0 + 300);
  });

  it('follows a failure, an operator retry and a second attempt', () => {
    const base = snapshot({
      tasks: [
        task({
          id: 'w',
          ref: 'work',
          attempts: [
            attempt({ number: 1, status: 'failed', agent: 'hook' }),
            attempt({ number: 2, agent: 'hook', tokensIn: 7, tokensOut: 3, remoteTaskId: 'r-2' }),
          ],
        }),
      ],
    });
    const log = [
      event('request.submitted', null, {}, T0),
      event('request.started', null, {}, T0 + 1),
      event('task.ready', 'w', { ref: 'work' }, T0 + 1),
      event('attempt.started', 'w', { ref: 'work', attempt: 1, agent: 'hook' }, T0 + 2),
      event(
        'attempt.failed',
        'w',
        { ref: 'work', attempt: 1, agent: 'hook', errorKind: 'invalid_response', error: 'bad' },
        T0 + 3,
      ),
      event('task.failed', 'w', { ref: 'work', error: 'bad' }, T0 + 3),
      event('request.failed', null, { reason: "task 'work' failed: bad" }, T0 + 4),
      event('request.started', null, { reopenedBy: 'user:1' }, T0 + 10),
      event('task.reset', 'w', { ref: 'work', action: 'retry', by: 'user:1' }, T0 + 10),
      event('task.ready', 'w', { ref: 'work' }, T0 + 10),
      event('attempt.started', 'w', { ref: 'work', attempt: 2, agent: 'hook' }, T0 + 11),
      event(
        'attempt.succeeded',
        'w',
        { ref: 'work', attempt: 2, agent: 'hook', latencyMs: 5, cost: '40' },
        T0 + 16,
      ),
      event('task.succeeded', 'w', { ref: 'work' }, T0 + 16),
    ];
    const failed = reconstructAt(base, log, log[6]!.id);
    expect(failed.status).toBe('failed');
    expect(failed.tasks[0]).toMatchObject({ status: 'failed', error: 'bad' });
    expect(failed.tasks[0]!.attempts[0]).toMatchObject({ status: 'failed' });
    const retried = reconstructAt(base, log, log[8]!.id);
    expect(retried.status).toBe('running');
    expect(retried.tasks[0]).toMatchObject({ status: 'pending', error: null });
    const second = reconstructAt(base, log, log.at(-1)!.id);
    expect(second.tasks[0]!.status).toBe('succeeded');
    expect(second.tasks[0]!.attempts.map((a) => [a.number, a.status])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    // Tokens and the remote id are not folded: the task's detail, read on each event, has them.
    expect(second.tasks[0]!.attempts[1]).toEqual({
      number: 2,
      agent: 'hook',
      status: 'succeeded',
      startedAt: expect.any(Number),
      finishedAt: expect.any(Number),
      latencyMs: expect.any(Number),
      costMicros: '40',
    });
    expect(second.costMicros).toBe('40');
  });
});

describe('applyEvent', () => {
  it('ignores an event it already folded in (a resumed stream repeats nothing)', () => {
    const s = planOf(sequentialExample());
    const e = {
      id: '5',
      type: 'task.ready',
      taskId: 't-calc',
      payload: { ref: 'calculate_1' },
      at: T0,
    };
    const once = applyEvent(s, e);
    expect(once.tasks[0]!.status).toBe('ready');
    expect(applyEvent(once, e)).toBe(once);
    expect(applyEvent(once, { ...e, id: '4', type: 'task.failed' })).toBe(once);
  });

  it('marks a task waiting for an agent and ignores unknown events and tasks', () => {
    const s = planOf(sequentialExample());
    const waiting = applyEvent(s, {
      id: '1',
      type: 'task.waiting',
      taskId: 't-json',
      payload: {},
      at: T0,
    });
    expect(waiting.tasks[1]!.waiting).toBe(true);
    const unknown = applyEvent(waiting, {
      id: '2',
      type: 'task.teleported',
      taskId: 't-json',
      payload: {},
      at: T0,
    });
    expect(unknown.tasks).toBe(waiting.tasks);
    const stranger = applyEvent(unknown, {
      id: '3',
      type: 'task.ready',
      taskId: 'nope',
      payload: {},
      at: T0,
    });
    expect(stranger.tasks).toBe(waiting.tasks);
    expect(stranger.lastEventId).toBe('3');
  });

  it('folds summaries only: a full trace given as the base carries no details into the plan', () => {
    const details = snapshot({
      tasks: [
        task({
          id: 'r',
          ref: 'remote',
          status: 'succeeded',
          input: { secret: 'later' },
          output: { text: 'the answer' },
          routing: { strategy: 'capability' },
          attempts: [attempt({ number: 1, agent: 'writer', tokensIn: 9, remoteTaskId: 'r-1' })],
        }),
      ],
    });
    const plan = planOf(details);
    expect(plan.tasks[0]).not.toHaveProperty('input');
    expect(plan.tasks[0]).not.toHaveProperty('output');
    expect(plan.tasks[0]).not.toHaveProperty('routing');
    const started = applyEvent(
      plan,
      event('attempt.started', 'r', { ref: 'remote', attempt: 1, agent: 'writer' }, T0 + 1),
      details,
    );
    expect(Object.keys(started.tasks[0]!.attempts[0]!).sort()).toEqual(
      ['agent', 'costMicros', 'finishedAt', 'latencyMs', 'number', 'startedAt', 'status'].sort(),
    );
    const done = applyEvent(
      started,
      event('task.succeeded', 'r', { ref: 'remote' }, T0 + 5),
      summarizeTrace(details),
    );
    expect(done.tasks[0]!.outputPreview).toBe('the answer');
  });

  it('cuts a long task error to the summary length', () => {
    const s = planOf(sequentialExample());
    const failed = applyEvent(
      s,
      event('task.failed', 't-calc', { ref: 'calculate_1', error: 'x'.repeat(5_000) }, T0 + 5),
    );
    expect(failed.tasks[0]!.error).toHaveLength(SUMMARY_TEXT_CHARS);
    expect(failed.tasks[0]!.error!.endsWith('…')).toBe(true);
  });

  it('compares event ids as numbers, not strings', () => {
    const s = { ...planOf(sequentialExample()), lastEventId: '9' };
    expect(
      applyEvent(s, { id: '10', type: 'request.started', taskId: null, payload: {}, at: T0 })
        .status,
    ).toBe('running');
  });
});
