import { describe, expect, it } from 'vitest';
import {
  attemptSpanIdOf,
  requestSpanIdOf,
  telemetryConfig,
  traceIdOf,
  traceparentFor,
} from './telemetry';
import { spansOfRequest } from './telemetry-export';

const REQUEST = '0193a0c2-0000-7000-8000-000000000001';
const ATTEMPT = '0193a0c2-0000-7000-8000-0000000000a1';

describe('telemetryConfig', () => {
  it('is off without an endpoint, and sends no traceparent then', () => {
    expect(telemetryConfig({})).toBeNull();
    expect(traceparentFor(REQUEST, ATTEMPT, {})).toBeUndefined();
  });

  it('reads the OTLP endpoint, the traces endpoint and the service name', () => {
    expect(telemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      serviceName: 'baton',
    });
    expect(
      telemetryConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://other:4318/traces',
        OTEL_SERVICE_NAME: 'baton-eu',
      }),
    ).toEqual({ tracesUrl: 'http://other:4318/traces', serviceName: 'baton-eu' });
  });

  it('stays off when OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none says so', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(telemetryConfig({ ...endpoint, OTEL_SDK_DISABLED: 'true' })).toBeNull();
    expect(telemetryConfig({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toBeNull();
  });
});

describe('trace identity', () => {
  it('derives stable W3C ids, the attempt span under the request trace', () => {
    expect(traceIdOf(REQUEST)).toMatch(/^[0-9a-f]{32}$/);
    expect(requestSpanIdOf(REQUEST)).toMatch(/^[0-9a-f]{16}$/);
    expect(attemptSpanIdOf(ATTEMPT)).not.toBe(requestSpanIdOf(REQUEST));
    expect(traceIdOf(REQUEST)).toBe(traceIdOf(REQUEST));
    expect(
      traceparentFor(REQUEST, ATTEMPT, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }),
    ).toBe(`00-${traceIdOf(REQUEST)}-${attemptSpanIdOf(ATTEMPT)}-01`);
  });
});

describe('spansOfRequest', () => {
  it('names an MCP tool call execute_tool with the tool name', () => {
    const at = new Date('2026-12-01T10:00:00Z');
    const spans = spansOfRequest(
      {
        id: REQUEST,
        status: 'succeeded',
        strategy: 'capability',
        planner: 'workflow',
        error: null,
        costTotal: 2500n,
        createdAt: at,
        finishedAt: new Date(at.getTime() + 1000),
        tasks: [
          {
            ref: 'sum',
            capability: 'add',
            attempts: [
              {
                id: ATTEMPT,
                number: 1,
                status: 'succeeded',
                startedAt: new Date(at.getTime() + 100),
                finishedAt: new Date(at.getTime() + 900),
                tokensIn: 0,
                tokensOut: 0,
                cost: 2500n,
                errorKind: null,
                error: null,
                agent: { id: 'a1', name: 'tools', kind: 'mcp', config: {} },
              },
            ],
          },
        ],
      },
      { tracesUrl: 'http://collector/v1/traces', serviceName: 'baton' },
    );
    expect(spans.map((span) => span.name)).toEqual(['baton.request', 'execute_tool add']);
    expect(spans[1]!.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'add',
      'gen_ai.agent.name': 'tools',
    });
    expect(spans[1]!.duration).toEqual([0, 800_000_000]);
  });
});
