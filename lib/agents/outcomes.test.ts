import { describe, expect, it } from 'vitest';
import { cancelFailure, invokeFailure, openCall, probeFailure } from './outcomes';

const SECRET = 'sk-live-very-secret-token';

describe('invokeFailure', () => {
  it('classifies, redacts the secret and times the call', () => {
    const startedAt = performance.now() - 25;
    const failure = invokeFailure(SECRET, startedAt)(
      'auth',
      `The agent said: bad key ${SECRET}`,
      1_500,
    );
    expect(failure).toMatchObject({ ok: false, errorKind: 'auth', retryAfterMs: 1_500 });
    expect(failure.error).not.toContain(SECRET);
    expect(failure.latencyMs).toBeGreaterThanOrEqual(25);
    expect(failure).not.toHaveProperty('remoteTaskId');
  });

  it('reports the remote task id known when the failure happens, not when the call began', () => {
    const call: { remoteTaskId?: string } = {};
    const fail = invokeFailure(null, performance.now(), () => ({
      remoteTaskId: call.remoteTaskId,
    }));
    expect(fail('timeout', 'no answer')).not.toHaveProperty('remoteTaskId');
    call.remoteTaskId = 'task-42';
    expect(fail('timeout', 'no answer').remoteTaskId).toBe('task-42');
  });
});

describe('probeFailure and cancelFailure', () => {
  it('never carry the secret', () => {
    expect(probeFailure(SECRET, performance.now())(`401 for ${SECRET}`).error).not.toContain(
      SECRET,
    );
    const cancel = cancelFailure('t-1', SECRET)(`refused ${SECRET}`);
    expect(cancel).toMatchObject({ remoteTaskId: 't-1', ok: false });
    expect(cancel.error).not.toContain(SECRET);
  });
});

describe('openCall', () => {
  const fail = invokeFailure(null, performance.now());

  it('fails an agent without a URL as an invalid response', () => {
    const opening = openCall(null, new AbortController().signal, fail);
    expect(opening).toMatchObject({ ok: false, failure: { errorKind: 'invalid_response' } });
  });

  it('fails an attempt cancelled before dispatch without calling the agent', () => {
    const controller = new AbortController();
    controller.abort();
    const opening = openCall('http://127.0.0.1:9/a', controller.signal, fail);
    expect(opening).toMatchObject({ ok: false, failure: { errorKind: 'cancelled' } });
  });

  it('opens a call with the URL and its display form', () => {
    const opening = openCall('http://127.0.0.1:9/a?key=x', new AbortController().signal, fail);
    expect(opening.ok).toBe(true);
    if (opening.ok) expect(opening.where).not.toContain('key=x');
  });
});
