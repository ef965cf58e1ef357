import { describe, expect, it } from 'vitest';
import { T0, attempt, parallelExample, task } from './fixtures';
import { attemptRows, cutText, summarizeAttempt, summarizeTask, summarizeTrace } from './summary';

describe('summarizeTrace', () => {
  it('keeps what the graph and tables draw and drops input, output, routing and attempt details', () => {
    const trace = parallelExample();
    trace.tasks[0] = {
      ...trace.tasks[0]!,
      input: { expression: '15 * 7' },
      routing: { strategy: 'capability', candidates: [{ agentId: 'a', name: 'calculator' }] },
      attempts: [attempt({ number: 1, tokensIn: 5, remoteTaskId: 'r-1', error: 'x' })],
    };
    const summary = summarizeTrace(trace);
    const [calc, words] = summary.tasks;
    expect(calc).not.toHaveProperty('input');
    expect(calc).not.toHaveProperty('output');
    expect(calc).not.toHaveProperty('routing');
    expect(calc!.outputPreview).toBe('105');
    expect(words!.outputPreview).toBe('2');
    expect(calc!.attempts).toEqual([
      {
        number: 1,
        agent: 'calculator',
        status: 'succeeded',
        startedAt: T0 + 100,
        finishedAt: T0 + 112,
        latencyMs: 12,
        costMicros: '0',
      },
    ]);
    expect(summary).toMatchObject({ id: trace.id, status: 'succeeded', lastEventId: '20' });
  });

  it('cuts a long error and output to one short line; no output is null', () => {
    const summary = summarizeTask(
      task({
        id: 't',
        ref: 't',
        error: 'boom '.repeat(100),
        output: { text: 'line one\n\nline two '.repeat(50) },
      }),
    );
    expect(summary.error).toHaveLength(200);
    expect(summary.error!.endsWith('…')).toBe(true);
    expect(summary.outputPreview).toHaveLength(200);
    expect(summary.outputPreview).not.toContain('\n');
    expect(summarizeTask(task({ id: 'u', ref: 'u', output: null })).outputPreview).toBeNull();
    expect(cutText('short')).toBe('short');
  });
});

describe('attemptRows', () => {
  const failed = attempt({ number: 1, status: 'failed', errorKind: 'server', error: 'HTTP 500' });

  it('lists the live attempts with the details read for the same attempt', () => {
    const rows = attemptRows([summarizeAttempt(failed)], [failed]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      number: 1,
      status: 'failed',
      details: { errorKind: 'server', error: 'HTTP 500' },
    });
  });

  it('shows a retried node’s second attempt at once, its details once the read has it', () => {
    const second = attempt({ number: 2, status: 'running', finishedAt: null, latencyMs: null });
    const before = attemptRows([summarizeAttempt(failed), summarizeAttempt(second)], [failed]);
    expect(before.map((row) => [row.number, row.status, row.details === null])).toEqual([
      [1, 'failed', false],
      [2, 'running', true],
    ]);
    // The read saw attempt 2 still running; the live view says it succeeded: no stale tokens.
    const done = { ...summarizeAttempt(second), status: 'succeeded' as const };
    const stale = attemptRows([summarizeAttempt(failed), done], [failed, second]);
    expect(stale[1]).toMatchObject({ status: 'succeeded', details: null });
    const fresh = attemptRows(
      [summarizeAttempt(failed), done],
      [failed, { ...second, status: 'succeeded', tokensIn: 7 }],
    );
    expect(fresh[1]!.details).toMatchObject({ tokensIn: 7 });
  });

  it('adds attempts only the read knows, except in replay', () => {
    const second = attempt({ number: 2 });
    expect(attemptRows([summarizeAttempt(failed)], [failed, second]).map((r) => r.number)).toEqual([
      1, 2,
    ]);
    expect(
      attemptRows([summarizeAttempt(failed)], [failed, second], { summaryOnly: true }).map(
        (r) => r.number,
      ),
    ).toEqual([1]);
    expect(attemptRows([], undefined)).toEqual([]);
  });
});
