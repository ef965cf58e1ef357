import { describe, expect, it } from 'vitest';
import { extractJson, parseLlmPlan, planFromLlmOutput } from './llm-output';

const PLAN = {
  tasks: [
    { ref: 'calc', capability: 'calculate', description: 'Multiply', input: '25 * 4' },
    { ref: 'json', capability: 'format_json', description: 'Format', dependsOn: ['calc'] },
  ],
};

describe('parseLlmPlan', () => {
  it('parses bare JSON and fills defaults', () => {
    const result = parseLlmPlan(JSON.stringify(PLAN));
    expect(result).toMatchObject({
      ok: true,
      plan: {
        tasks: [
          { ref: 'calc', dependsOn: [], mode: 'single' },
          { ref: 'json', dependsOn: ['calc'] },
        ],
        proposedAgents: [],
      },
    });
  });

  it('tolerates ```json fences, prose around the object and extra keys', () => {
    const fenced = `Here is the plan:\n\`\`\`json\n${JSON.stringify({ ...PLAN, confidence: 0.9 })}\n\`\`\`\nDone.`;
    expect(parseLlmPlan(fenced).ok).toBe(true);
    expect(parseLlmPlan(`\`\`\`\n${JSON.stringify(PLAN)}\n\`\`\``).ok).toBe(true);
    expect(parseLlmPlan(`Sure! ${JSON.stringify(PLAN)} Hope this helps.`).ok).toBe(true);
    expect(extractJson('```JSON {"a":1}```')).toBe('{"a":1}');
  });

  it('reports problems with their paths, ready to send back to the model', () => {
    const result = parseLlmPlan(
      JSON.stringify({ tasks: [{ ref: 'a', capability: 'calculate', mode: 'parallel' }] }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path).sort()).toEqual([
      'tasks.0.description',
      'tasks.0.mode',
    ]);
    expect(result.message).toContain('tasks.0.mode: ');
  });

  it('rejects text with no JSON', () => {
    expect(parseLlmPlan('I cannot plan this request.')).toMatchObject({
      ok: false,
      problems: [{ code: 'INVALID_JSON' }],
    });
  });
});

describe('planFromLlmOutput', () => {
  it('validates the parsed plan against the capabilities agents offer', () => {
    expect(
      planFromLlmOutput(JSON.stringify(PLAN), new Set(['calculate', 'format_json'])),
    ).toMatchObject({ ok: true, order: ['calc', 'json'] });
    expect(planFromLlmOutput(JSON.stringify(PLAN), new Set(['calculate']))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PLAN', problems: [{ code: 'UNKNOWN_CAPABILITY', ref: 'json' }] },
    });
  });
});
