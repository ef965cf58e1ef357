import { describe, expect, it } from 'vitest';
import {
  T0,
  attempt,
  parallelExample,
  sequentialEvents,
  sequentialExample,
  snapshot,
  task,
} from './fixtures';
import { buildTraceJson, formatTraceAscii, formatTraceTree } from './trace';

describe('formatTraceAscii', () => {
  it('draws the sequential example as two levels of boxes with arrows, then synthesis', () => {
    expect(formatTraceAscii(sequentialExample())).toBe(
      [
        'Request req-1: [ok] succeeded, 2 tasks, 250 ms, $0.00',
        '',
        '+----------------------------------+',
        '| (start)                          |',
        '| calculate_1 (calculate)          |',
        '| [ok] succeeded                   |',
        '| calculator, 1/3 attempts         |',
        '| 12 ms, $0.00                     |',
        '|                                  |',
        '+----------------------------------+',
        '                  |',
        '                  v',
        '+----------------------------------+',
        '| <- calculate_1                   |',
        '| format_json_2 (format_json)      |',
        '| [ok] succeeded                   |',
        '| json-formatter, 1/3 attempts     |',
        '| 10 ms, $0.00                     |',
        '|                                  |',
        '+----------------------------------+',
        '                  |',
        '                  v',
        '+----------------------------------+',
        '| <- format_json_2                 |',
        '| synthesis                        |',
        '| [ok] succeeded                   |',
        '| by synthesizer                   |',
        '| request 250 ms, $0.00            |',
        '|                                  |',
        '+----------------------------------+',
        '',
      ].join('\n'),
    );
  });

  it('puts parallel tasks side by side and wraps wide levels', () => {
    const text = formatTraceAscii(parallelExample());
    const lines = text.split('\n');
    expect(lines[3]).toBe(
      '| (start)                          |  | (start)                          |',
    );
    expect(lines[4]).toContain('calculate_1 (calculate)');
    expect(lines[4]).toContain('count_words_2 (count_words)');
    expect(text).toContain('<- calculate_1, count_words_2');
    const wide = snapshot({
      tasks: Array.from({ length: 6 }, (_, i) => task({ id: `t${i}`, ref: `t${i}` })),
    });
    const rows = formatTraceAscii(wide, { perRow: 4 })
      .split('\n')
      .filter((line) => line.includes('(calculate)'));
    expect(rows).toHaveLength(2);
    expect(rows[0]!.match(/\(calculate\)/g)).toHaveLength(4);
  });

  it('says what went differently: retries, fallback, failure', () => {
    const text = formatTraceAscii(
      snapshot({
        status: 'failed',
        hasResult: false,
        synthesizedBy: null,
        error: "task 'a' failed: boom",
        tasks: [
          task({
            id: 'a',
            ref: 'a',
            status: 'failed',
            plannedAgent: 'first',
            attempts: [
              attempt({ number: 1, agent: 'first', status: 'failed' }),
              attempt({ number: 2, agent: 'second', status: 'failed' }),
            ],
          }),
        ],
      }),
    );
    expect(text).toContain('| [x] failed');
    expect(text).toContain(
      '| retried x1                       |\n| fallback first->second           |',
    );
    expect(text).toContain("Error: task 'a' failed: boom");
  });
});

describe('formatTraceTree', () => {
  it('indents attempts under tasks with agent, duration, tokens and cost', () => {
    const s = sequentialExample();
    s.tasks[1]!.attempts[0] = {
      ...s.tasks[1]!.attempts[0]!,
      tokensIn: 12,
      tokensOut: 34,
      costMicros: '1250',
    };
    expect(formatTraceTree(s)).toBe(
      [
        'request req-1 succeeded 250 ms $0.00',
        '|-- calculate_1 [calculate] succeeded 12 ms $0.00',
        '|   `-- attempt 1 calculator succeeded 12 ms tokens 0/0 $0.00',
        '|-- format_json_2 [format_json] succeeded 10 ms $0.00125 after calculate_1',
        '|   `-- attempt 1 json-formatter succeeded 10 ms tokens 12/34 $0.00125',
        '`-- synthesis succeeded by synthesizer',
        '',
      ].join('\n'),
    );
  });

  it('shows errors and the remote task id of an attempt', () => {
    const text = formatTraceTree(
      snapshot({
        tasks: [
          task({
            id: 'a',
            ref: 'a',
            attempts: [
              attempt({
                number: 1,
                status: 'failed',
                errorKind: 'timeout',
                error: 'no answer in\n60 s',
                remoteTaskId: 'rt-1',
                startedAt: T0,
              }),
            ],
          }),
        ],
      }),
    );
    expect(text).toContain(
      'attempt 1 calculator failed 12 ms tokens 0/0 $0.00 timeout: no answer in 60 s remote rt-1',
    );
  });
});

describe('buildTraceJson', () => {
  it('is the snapshot with the synthesis step and, when asked, the events', () => {
    const s = sequentialExample();
    const json = buildTraceJson(s, sequentialEvents());
    expect(json.tasks).toEqual(s.tasks);
    expect(json.synthesis).toEqual({ status: 'succeeded', synthesizedBy: 'synthesizer' });
    expect(json.events).toHaveLength(14);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(buildTraceJson(s)).not.toHaveProperty('events');
  });
});
