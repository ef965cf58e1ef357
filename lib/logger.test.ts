import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger(stream), lines };
}

describe('logger', () => {
  it('writes one JSON object per line with the fields given', () => {
    const { logger, lines } = capture();
    logger.info({ requestId: 'r1', taskId: 't1' }, 'task started');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: 'task started',
      requestId: 'r1',
      taskId: 't1',
      service: 'baton',
    });
  });

  it('redacts secret-looking keys wherever they are nested', () => {
    const { logger, lines } = capture();
    logger.warn(
      {
        apiKey: 'sk-1',
        agent: { secret: 'sk-2', config: { token: 'sk-3' } },
        headers: { authorization: 'Bearer sk-4' },
      },
      'calling agent',
    );
    const line = lines.join('');
    for (const value of ['sk-1', 'sk-2', 'sk-3', 'sk-4']) expect(line).not.toContain(value);
    expect(line).toContain('[redacted]');
  });
});
