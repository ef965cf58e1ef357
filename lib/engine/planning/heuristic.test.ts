import { describe, expect, it } from 'vitest';
import { planHeuristically, scoreClause, splitClauses, stem } from './heuristic';
import { type CapabilityInfo } from './result';

/**
 * The builtin capabilities as lib/agents/builtin/catalog.ts declares them (the engine may not import
 * lib/agents; planners receive the catalog as an argument).
 */
const BUILTIN: CapabilityInfo[] = [
  {
    name: 'calculate',
    description: 'Evaluate an arithmetic expression such as 15 * 7 or (2 + 3) ^ 2.',
    tags: ['math', 'arithmetic', 'calculator'],
    examples: ['Calculate 15 * 7', 'What is 25 * 4?', 'compute (2 + 3) ^ 2'],
  },
  {
    name: 'count_words',
    description: 'Count the words in a text.',
    tags: ['text', 'count', 'words'],
    examples: ["count the words in 'Hello world'", 'how many words are in this paragraph'],
  },
  {
    name: 'summarize',
    description: 'Summarize a text by extracting its most representative sentences.',
    tags: ['text', 'summary', 'summarize'],
    examples: ['summarize this article', 'give me a short summary of the text'],
  },
  {
    name: 'extract_keywords',
    description: 'Extract the most significant keywords of a text.',
    tags: ['text', 'keywords', 'topics'],
    examples: ['extract keywords from this text', 'what are the main topics'],
  },
  {
    name: 'format_json',
    description: 'Format a value or a JSON document as pretty-printed JSON.',
    tags: ['json', 'format', 'formatter'],
    examples: ['format the result as JSON', 'pretty-print this JSON'],
  },
  {
    name: 'synthesize',
    description: 'Combine several task outputs into a single answer.',
    tags: ['synthesis', 'combine', 'summary'],
    examples: ['combine these results', 'merge the outputs into one answer'],
  },
];

function plan(input: string, catalog = BUILTIN) {
  const result = planHeuristically(input, catalog);
  if (!result.ok) throw new Error(result.error.message);
  return result;
}
const shape = (input: string) =>
  plan(input).tasks.map(({ ref, capability, dependsOn }) => ({ ref, capability, dependsOn }));

describe('planHeuristically: the issue #5 examples', () => {
  it('"Calculate 15 * 7 and count the words in \'Hello world\'" → two independent tasks', () => {
    const result = plan("Calculate 15 * 7 and count the words in 'Hello world'");
    expect(result.tasks).toEqual([
      {
        ref: 'calculate',
        description: 'Calculate 15 * 7',
        capability: 'calculate',
        dependsOn: [],
        input: 'Calculate 15 * 7',
        mode: 'single',
      },
      {
        ref: 'count_words',
        description: "count the words in 'Hello world'",
        capability: 'count_words',
        dependsOn: [],
        input: "count the words in 'Hello world'",
        mode: 'single',
      },
    ]);
    expect(result.order).toEqual(['calculate', 'count_words']);
  });

  it('"Calculate 25 * 4 and format the result as JSON" → format_json depends on calculate', () => {
    const result = plan('Calculate 25 * 4 and format the result as JSON');
    expect(result.tasks).toEqual([
      {
        ref: 'calculate',
        description: 'Calculate 25 * 4',
        capability: 'calculate',
        dependsOn: [],
        input: 'Calculate 25 * 4',
        mode: 'single',
      },
      {
        ref: 'format_json',
        description: 'format the result as JSON',
        capability: 'format_json',
        dependsOn: ['calculate'],
        input: 'format the result as JSON',
        mode: 'single',
      },
    ]);
    expect(result.order).toEqual(['calculate', 'format_json']);
  });
});

describe('planHeuristically: splitting', () => {
  it('keeps "and" inside quotes in one clause', () => {
    expect(shape("count the words in 'salt and pepper'")).toEqual([
      { ref: 'count_words', capability: 'count_words', dependsOn: [] },
    ]);
    expect(plan("count the words in 'salt and pepper'").tasks[0]?.input).toBe(
      "count the words in 'salt and pepper'",
    );
  });

  it('does not split on separators inside double, curly or back quotes', () => {
    for (const quoted of ['"a; b. Then c"', '“a and then b”', '`x, then y`']) {
      expect(splitClauses(`summarize ${quoted}`).map((c) => c.text)).toEqual([
        `summarize ${quoted}`,
      ]);
    }
  });

  it('treats an apostrophe inside a word as text, not a quote', () => {
    expect(splitClauses("don't summarize it and count the words").map((c) => c.text)).toEqual([
      "don't summarize it",
      'count the words',
    ]);
  });

  it('splits on "then", ", then", ";" and sentence ends, trimming connectors and full stops', () => {
    const clauses = splitClauses(
      'Calculate 2 * 3. Then format it as JSON; summarize the text, then extract keywords then count the words!',
    );
    expect(clauses.map((c) => [c.text, c.isSequential])).toEqual([
      ['Calculate 2 * 3', false],
      ['format it as JSON', true],
      ['summarize the text', false],
      ['extract keywords', true],
      ['count the words', true],
    ]);
  });

  it('does not split a decimal number', () => {
    expect(splitClauses('calculate 2.5 * 4').map((c) => c.text)).toEqual(['calculate 2.5 * 4']);
  });
});

describe('planHeuristically: dependencies', () => {
  it.each([
    ['Calculate 25 * 4 then format it as JSON'],
    ['Calculate 25 * 4, then format as JSON'],
    ['Calculate 25 * 4 and then format as JSON'],
    ['Calculate 25 * 4. Format the previous answer as JSON'],
    ['Calculate 25 * 4 and format that as JSON'],
    ['Calculate 25 * 4 and format the output as JSON'],
  ])('%s → format_json waits for calculate', (input) => {
    expect(shape(input)).toEqual([
      { ref: 'calculate', capability: 'calculate', dependsOn: [] },
      { ref: 'format_json', capability: 'format_json', dependsOn: ['calculate'] },
    ]);
  });

  it('ignores reference words inside quotes', () => {
    expect(shape("Calculate 1 + 1 and count the words in 'take it, then leave that'")).toEqual([
      { ref: 'calculate', capability: 'calculate', dependsOn: [] },
      { ref: 'count_words', capability: 'count_words', dependsOn: [] },
    ]);
  });

  it('"the results" depends on every earlier result nobody consumed yet; refs stay unique', () => {
    expect(shape('Calculate 2 * 3 and calculate 4 * 5, then combine the results')).toEqual([
      { ref: 'calculate', capability: 'calculate', dependsOn: [] },
      { ref: 'calculate_2', capability: 'calculate', dependsOn: [] },
      { ref: 'synthesize', capability: 'synthesize', dependsOn: ['calculate', 'calculate_2'] },
    ]);
  });

  it('links only to the previous step, building a chain', () => {
    expect(
      shape('summarize the text, then extract keywords from it, then format it as JSON'),
    ).toEqual([
      { ref: 'summarize', capability: 'summarize', dependsOn: [] },
      { ref: 'extract_keywords', capability: 'extract_keywords', dependsOn: ['summarize'] },
      { ref: 'format_json', capability: 'format_json', dependsOn: ['extract_keywords'] },
    ]);
  });
});

describe('planHeuristically: matching', () => {
  it('matches word forms through stems and arithmetic without a keyword', () => {
    expect(shape('what is (2 + 3) ^ 2')[0]?.capability).toBe('calculate');
    expect(shape('give me a summary of this article')[0]?.capability).toBe('summarize');
    expect(shape('counting words in the paragraph')[0]?.capability).toBe('count_words');
    expect(shape('what are the keywords')[0]?.capability).toBe('extract_keywords');
  });

  it('stems word forms to one key', () => {
    expect(new Set(['calculate', 'calculation', 'calculator', 'calculating'].map(stem))).toEqual(
      new Set(['calcul']),
    );
    expect(stem('formatting')).toBe(stem('format'));
    expect(stem('summary')).toBe(stem('summarize'));
  });

  it('ranks capabilities deterministically, best first', () => {
    const scores = scoreClause('give me a short summary of the text', BUILTIN);
    expect(scores[0]?.capability).toBe('summarize');
    expect(scores[0]!.score).toBeGreaterThan(scores[1]!.score);
    expect(scoreClause('give me a short summary of the text', BUILTIN)).toEqual(scores);
  });

  it('ignores words inside quotes when matching', () => {
    expect(shape("count the words in 'calculate the summary as JSON'")[0]?.capability).toBe(
      'count_words',
    );
  });

  it('fails with a clear error naming a clause no capability matches', () => {
    const result = planHeuristically('Calculate 15 * 7 and translate to French', BUILTIN);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'NO_MATCHING_CAPABILITY', clause: 'translate to French' },
    });
    if (!result.ok) {
      expect(result.error.message).toContain('no capability matches "translate to French"');
      expect(result.error.message).toContain('clause 2 of 2');
    }
  });

  it('refuses to guess between capabilities that match equally', () => {
    const result = planHeuristically('translate this text to French', BUILTIN);
    expect(result).toMatchObject({ ok: false, error: { code: 'AMBIGUOUS_CLAUSE' } });
    if (!result.ok) {
      expect(result.error.message).toContain('count_words, summarize, extract_keywords');
    }
  });

  it('fails on an empty request and with an empty catalog', () => {
    expect(planHeuristically('  . ; ', BUILTIN)).toMatchObject({
      ok: false,
      error: { code: 'EMPTY_REQUEST' },
    });
    expect(planHeuristically('Calculate 1 + 1', [])).toMatchObject({
      ok: false,
      error: { code: 'NO_MATCHING_CAPABILITY', clause: 'Calculate 1 + 1' },
    });
  });

  it('works with any catalog and makes capability names into valid refs', () => {
    const catalog: CapabilityInfo[] = [
      {
        name: 'translate text/fr',
        description: 'Translate English into French.',
        tags: ['translation', 'french'],
        examples: ['translate this into French'],
      },
      ...BUILTIN,
    ];
    const result = planHeuristically('summarize the text and translate it to French', catalog);
    expect(result).toMatchObject({
      ok: true,
      tasks: [
        { ref: 'summarize', capability: 'summarize' },
        { ref: 'translate_text_fr', capability: 'translate text/fr', dependsOn: ['summarize'] },
      ],
    });
  });
});
