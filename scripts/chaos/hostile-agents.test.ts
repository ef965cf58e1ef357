import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startHostileWebhook, type Behaviour, type HostileAgent } from './hostile-agents';

let agent: HostileAgent | undefined;
afterEach(async () => {
  await agent?.stop();
  agent = undefined;
});

const post = (behaviour: Behaviour, timeoutMs = 2_000) =>
  startHostileWebhook(behaviour).then((a) => {
    agent = a;
    return fetch(a.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ taskId: 'task-1', attempt: 1, idempotencyKey: 'task-1:1' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  });

describe('hostile webhook agents', () => {
  it('hang: accepts the call and never answers', async () => {
    await expect(post('hang', 500)).rejects.toThrow(/abort|timeout/i);
    expect(agent!.calls).toBe(1);
  });

  it('http_500 answers 500', async () => {
    expect((await post('http_500')).status).toBe(500);
  });

  it('invalid_json answers 200 with a body that is not JSON', async () => {
    const response = await post('invalid_json');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('huge_body streams far more than any cap, and stops when the client goes away', async () => {
    const response = await post('huge_body', 10_000);
    const reader = response.body!.getReader();
    let read = 0;
    while (read < 8 * 1024 * 1024) read += (await reader.read()).value!.length;
    await reader.cancel();
    expect(read).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    await new Promise((r) => setTimeout(r, 200));
    expect(agent!.bytesSent).toBeLessThan(100 * 1024 * 1024);
  });

  it('drip sends about one byte a second', async () => {
    const response = await post('drip', 5_000);
    const reader = response.body!.getReader();
    const started = Date.now();
    let read = 0;
    while (Date.now() - started < 2_500) {
      const { value } = await reader.read();
      read += value!.length;
    }
    await reader.cancel();
    expect(read).toBeGreaterThanOrEqual(1);
    expect(read).toBeLessThanOrEqual(4);
  });

  it('reset cuts the connection mid-answer', async () => {
    const a = await startHostileWebhook('reset');
    agent = a;
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const req = httpRequest(a.url, { method: 'POST' }, (res) => {
        res.on('data', () => {});
        res.on('error', resolve);
        res.on('aborted', () => resolve(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
      });
      req.on('error', resolve);
      req.end('{"taskId":"t"}');
    });
    expect(error.code).toBe('ECONNRESET');
  });

  it('other_task answers a result naming another task', async () => {
    const body = (await (await post('other_task')).json()) as { remoteTaskId: string };
    expect(body.remoteTaskId).toBe('not-task-1');
  });
});
