/**
 * The calculator builtin: evaluates arithmetic safely. Never `eval`/`Function`: the expression is
 * parsed by mathjs into a syntax tree, every node of the tree is checked against an allowlist
 * (numbers, arithmetic operators, a list of pure numeric functions, a few constants) and only then
 * evaluated. Assignments, function definitions, strings, units, matrices, property access and any
 * function not on the list (`import`, `evaluate`, `parse`, `createUnit`, …) are refused before
 * anything runs; the mathjs instance has those functions disabled as well, as a second wall.
 *
 * It also finds the expression inside a sentence ("Calculate 15 * 7", "What is 25 * 4?") and reads
 * a few worded forms ("15 times 7", "multiply the result by 2", with the result taken from the
 * task's dependency).
 */
import { all, create, type MathJsInstance, type MathNode } from 'mathjs';
import { BuiltinError, contextValue, type BuiltinInput, type BuiltinResult } from './input';

/** Longer input is refused before parsing (this bounds the parser's and the evaluator's work). */
export const MAX_EXPRESSION_CHARS = 1000;
/**
 * The mathjs parser recurses several frames per parenthesis; ~500 levels overflow the stack
 * (measured), so nesting is bounded well below that.
 */
export const MAX_NESTING = 50;

const ALLOWED_OPERATORS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'pow',
  'mod',
  'unaryMinus',
  'unaryPlus',
  'factorial',
]);

/** Pure numeric functions whose cost is bounded for number arguments. */
const ALLOWED_FUNCTIONS = new Set([
  'abs',
  'sqrt',
  'cbrt',
  'nthRoot',
  'pow',
  'exp',
  'log',
  'log10',
  'log2',
  'round',
  'floor',
  'ceil',
  'fix',
  'sign',
  'mod',
  'gcd',
  'lcm',
  'hypot',
  'min',
  'max',
  'mean',
  'median',
  'sum',
  'prod',
  'factorial',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'atan2',
  'sinh',
  'cosh',
  'tanh',
  'add',
  'subtract',
  'multiply',
  'divide',
]);

const ALLOWED_CONSTANTS = new Set(['pi', 'PI', 'e', 'E', 'tau', 'phi']);

/**
 * Functions that evaluate code or define things: disabled on the instance (a second wall behind the
 * syntax-tree allowlist, which already refuses every name not in ALLOWED_FUNCTIONS).
 */
const DISABLED_FUNCTIONS = [
  'import',
  'createUnit',
  'evaluate',
  'parse',
  'compile',
  'simplify',
  'derivative',
  'resolve',
  'rationalize',
  'parser',
  'chain',
] as const;

interface Engine {
  parse: (expression: string) => MathNode;
  math: MathJsInstance;
}

let engine: Engine | undefined;

function getEngine(): Engine {
  if (engine) return engine;
  // `all` is typed optional in mathjs' declarations; it is always present at runtime.
  if (!all) throw new Error('mathjs did not export its function factories.');
  const math = create(all, {});
  // Keep the real parser for our own use, then take it (and its friends) away from expressions.
  const parse = math.parse.bind(math) as (expression: string) => MathNode;
  const disabled = Object.fromEntries(
    DISABLED_FUNCTIONS.map((name) => [
      name,
      () => {
        throw new Error(`${name} is disabled in the calculator`);
      },
    ]),
  );
  math.import(disabled, { override: true });
  engine = { parse, math };
  return engine;
}

/** Rewrites of worded arithmetic, applied in order. `N` is a number or a parenthesized group. */
const N = String.raw`(-?\d+(?:\.\d+)?|\([^()]*\))`;
const WORD_RULES: [RegExp, string][] = [
  [/[−–]/g, '-'],
  [/÷/g, '/'],
  [/\*\*/g, '^'],
  [/(\d),(?=\d{3}(?!\d))/g, '$1'], // thousands separators: 1,000 → 1000
  [new RegExp(String.raw`\bsubtract\s+${N}\s+from\s+${N}`, 'gi'), '$2 - $1'],
  [new RegExp(String.raw`\badd\s+${N}\s+(?:to|and)\s+${N}`, 'gi'), '$1 + $2'],
  [new RegExp(String.raw`\bmultiply\s+${N}\s+(?:by|and|with)\s+${N}`, 'gi'), '$1 * $2'],
  [new RegExp(String.raw`\bdivide\s+${N}\s+by\s+${N}`, 'gi'), '$1 / $2'],
  [new RegExp(String.raw`\b(?:the\s+)?sum\s+of\s+${N}\s+and\s+${N}`, 'gi'), '$1 + $2'],
  [new RegExp(String.raw`\b(?:the\s+)?product\s+of\s+${N}\s+and\s+${N}`, 'gi'), '$1 * $2'],
  [new RegExp(String.raw`\b(?:the\s+)?square\s+root\s+of\s+${N}`, 'gi'), 'sqrt($1)'],
  [new RegExp(String.raw`\bdouble\s+(?:of\s+)?${N}`, 'gi'), '2 * $1'],
  [new RegExp(String.raw`\btriple\s+${N}`, 'gi'), '3 * $1'],
  [new RegExp(String.raw`\bhalf\s+of\s+${N}`, 'gi'), '$1 / 2'],
  [new RegExp(String.raw`${N}\s*(?:%|\s+percent)\s+of\s+`, 'gi'), '($1 / 100) * '],
  [/\bmultiplied\s+by\b/gi, '*'],
  [/\btimes\b/gi, '*'],
  [/\bdivided\s+by\b/gi, '/'],
  [/\bplus\b/gi, '+'],
  [/\bminus\b/gi, '-'],
  [/\bto\s+the\s+power\s+of\b/gi, '^'],
  [/\bsquared\b/gi, '^2'],
  [/\bcubed\b/gi, '^3'],
  [/(\d|\))\s*[x×]\s*(?=[\d(])/g, '$1 * '],
];

/** "the result", "the previous answer", "it" — replaced by the dependency's number, if there is one. */
const RESULT_REFERENCE =
  /\b(?:the\s+)?(?:previous\s+|last\s+|prior\s+|above\s+)?(?:result|answer|value|output|number)\b|\bit\b/gi;

function numericContext(context: unknown): number | null {
  let value = contextValue(context);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    // { result: 105 }, or an object with a single number such as count_words' { words: 2 }.
    const numbers = Object.values(record).filter((field) => typeof field === 'number');
    value =
      record.result ??
      record.value ??
      record.output ??
      (numbers.length === 1 ? numbers[0] : undefined);
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\s*$/i.test(value)) {
    return Number(value);
  }
  return null;
}

const TOKEN =
  /\s+|\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+|[A-Za-z_][A-Za-z0-9_]*|[-+*/^%!(),]|[^\s\dA-Za-z_]/gy;
const OPERATOR_TOKEN = /^(?:[-+*/^%!]|mod)$/;

/** "Calculate", "What is", "Compute the value of:" … at the start of the input. */
const LEADING_INSTRUCTION =
  /^\s*(?:please\s+)?(?:(?:calculate|compute|evaluate|solve|work\s+out)(?=[\s:])|what\s+is|what's|how\s+much\s+is)\s*(?:the\s+(?:value|result)\s+of\b)?\s*:?\s*/i;

/** Two plain words in a row ("log in", "what is"): the text is a sentence, not an expression. */
function isSentence(text: string): boolean {
  const tokens = text.match(TOKEN) ?? [];
  let previousWord = false;
  for (const token of tokens) {
    if (/^\s+$/.test(token)) continue;
    const isWord =
      /^[A-Za-z_]/.test(token) &&
      token.length > 1 &&
      !ALLOWED_FUNCTIONS.has(token) &&
      !ALLOWED_CONSTANTS.has(token) &&
      token !== 'mod';
    if (isWord && previousWord) return true;
    previousWord = isWord;
  }
  return false;
}

/**
 * The arithmetic expression in the input, or null. When the input, minus a leading "Calculate" /
 * "What is" and trailing punctuation, is not a sentence, all of it is the expression — so anything
 * that is not plain arithmetic (`x = 5`, `import(…)`, `1:10`, `5 cm`) reaches the allowlist and is
 * refused by name rather than silently dropped. In a sentence ("In 2023, what is 5 * 3?"), runs of
 * tokens that can be arithmetic are collected and the one with an operator and the most numbers
 * wins; a call of a function that is not allowed anywhere in the sentence is refused.
 */
export function extractExpression(text: string, context?: unknown): string | null {
  let source = text;
  const fromContext = numericContext(context);
  if (fromContext !== null) source = source.replace(RESULT_REFERENCE, `(${fromContext})`);
  for (const [pattern, replacement] of WORD_RULES) source = source.replace(pattern, replacement);

  const bare = source
    .replace(LEADING_INSTRUCTION, '')
    // Trailing "?", "." and "!" go, except a "!" right after a number or ")" (a factorial).
    .replace(/(?:[\s?.]|(?<![\d)\s])!)+$/, '')
    .trim();
  if (!bare) return null;
  if (!isSentence(bare)) return bare;

  for (const match of source.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) {
    if (!ALLOWED_FUNCTIONS.has(match[1]!)) {
      throw new BuiltinError('BAD_INPUT', `"${match[1]}" is not available in the calculator.`);
    }
  }
  const tokens = source.match(TOKEN) ?? [];
  const runs: string[][] = [];
  let current: string[] = [];
  tokens.forEach((token, index) => {
    if (isMathToken(token, tokens, index)) {
      current.push(token);
    } else {
      if (current.length) runs.push(current);
      current = [];
    }
  });
  if (current.length) runs.push(current);

  let best: { expression: string; score: number } | null = null;
  for (const run of runs) {
    const expression = trimRun(run.join('')).replace(/\s+/g, ' ');
    const parts = expression.match(TOKEN) ?? [];
    const values = parts.filter((part) => /^[\d.]/.test(part) || ALLOWED_CONSTANTS.has(part));
    const hasOperator = parts.some(
      (part) => OPERATOR_TOKEN.test(part) || ALLOWED_FUNCTIONS.has(part),
    );
    // In a sentence a lone number ("In 2023, …") is not a calculation.
    if (values.length === 0 || !hasOperator) continue;
    const score = values.length * 1_000 + expression.length;
    if (!best || score > best.score) best = { expression, score };
  }
  return best?.expression ?? null;
}

function isMathToken(token: string, tokens: string[], index: number): boolean {
  if (/^\s+$/.test(token) || /^[\d.]/.test(token) || /^[-+*/^%!(),]$/.test(token)) return true;
  if (token === 'mod' || ALLOWED_CONSTANTS.has(token)) return true;
  if (ALLOWED_FUNCTIONS.has(token)) {
    // A function name only counts when it is called: "log in" is not arithmetic, "log(8)" is.
    const next = tokens.slice(index + 1).find((candidate) => !/^\s+$/.test(candidate));
    return next === '(';
  }
  return false;
}

/** Drops what cannot start or end an expression ("?", a dangling "+", an unmatched ")"). */
function trimRun(run: string): string {
  let text = run.trim();
  for (;;) {
    const before = text;
    text = text.replace(/^[*/^%!),\s]+/, '').replace(/(?:\bmod|[-+*/^(,\s])+$/, '');
    text = balanceParentheses(text);
    if (text === before) return text;
  }
}

function balanceParentheses(text: string): string {
  let depth = 0;
  let minDepth = 0;
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    minDepth = Math.min(minDepth, depth);
  }
  let result = text;
  // Unmatched leading ")" or trailing "(" cannot be fixed by trimming; strip unmatched ends.
  if (minDepth < 0 && result.endsWith(')')) result = result.slice(0, -1);
  else if (depth > 0 && result.startsWith('(')) result = result.slice(1);
  return result;
}

/** Refuses any syntax-tree node outside the allowlist, naming it. */
function assertAllowed(node: MathNode): void {
  switch (node.type) {
    case 'ConstantNode': {
      const { value } = node as unknown as { value: unknown };
      if (typeof value !== 'number') {
        throw new BuiltinError('BAD_INPUT', 'Only numbers can appear in the expression.');
      }
      return;
    }
    case 'ParenthesisNode':
      return assertAllowed((node as unknown as { content: MathNode }).content);
    case 'OperatorNode': {
      const { fn, op, args } = node as unknown as { fn: string; op: string; args: MathNode[] };
      if (!ALLOWED_OPERATORS.has(fn)) {
        throw new BuiltinError(
          'BAD_INPUT',
          `The operator "${op}" is not available in the calculator.`,
        );
      }
      return args.forEach(assertAllowed);
    }
    case 'FunctionNode': {
      const { fn, args } = node as unknown as {
        fn: MathNode & { name?: string };
        args: MathNode[];
      };
      const name = fn.type === 'SymbolNode' ? (fn.name ?? '') : '';
      if (!ALLOWED_FUNCTIONS.has(name)) {
        throw new BuiltinError(
          'BAD_INPUT',
          name
            ? `"${name}" is not available in the calculator.`
            : 'Only named functions can be called.',
        );
      }
      return args.forEach(assertAllowed);
    }
    case 'SymbolNode': {
      const { name } = node as unknown as { name: string };
      if (!ALLOWED_CONSTANTS.has(name)) {
        throw new BuiltinError('BAD_INPUT', `Unknown name "${name}" in the expression.`);
      }
      return;
    }
    default:
      throw new BuiltinError(
        'BAD_INPUT',
        `${describeNode(node.type)} are not allowed in the calculator; use plain arithmetic.`,
      );
  }
}

function describeNode(type: string): string {
  const names: Record<string, string> = {
    AssignmentNode: 'Assignments',
    FunctionAssignmentNode: 'Function definitions',
    AccessorNode: 'Property accesses',
    IndexNode: 'Indexes',
    ObjectNode: 'Objects',
    ArrayNode: 'Matrices',
    RangeNode: 'Ranges',
    BlockNode: 'Multiple statements',
    ConditionalNode: 'Conditionals',
    RelationalNode: 'Comparisons',
  };
  return names[type] ?? 'Such expressions';
}

export interface Calculation {
  expression: string;
  result: number;
}

/** Evaluates an expression (or the expression found in a sentence). Throws BuiltinError. */
export function calculate(text: string, context?: unknown): Calculation {
  if (text.length > MAX_EXPRESSION_CHARS) {
    throw new BuiltinError(
      'BAD_INPUT',
      `The calculator takes at most ${MAX_EXPRESSION_CHARS} characters; this input has ${text.length}.`,
    );
  }
  const expression = extractExpression(text, context);
  if (!expression) {
    throw new BuiltinError(
      'BAD_INPUT',
      `No arithmetic expression found in "${shorten(text)}". Try something like "15 * 7".`,
    );
  }
  let depth = 0;
  for (const char of expression) {
    depth += char === '(' || char === '[' ? 1 : char === ')' || char === ']' ? -1 : 0;
    if (depth > MAX_NESTING) {
      throw new BuiltinError(
        'BAD_INPUT',
        `The expression nests parentheses more than ${MAX_NESTING} levels deep.`,
      );
    }
  }
  const { parse, math } = getEngine();
  let node: MathNode;
  try {
    node = parse(expression);
  } catch (error) {
    throw new BuiltinError(
      'BAD_INPUT',
      `Could not read "${shorten(expression)}": ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  assertAllowed(node);
  let value: unknown;
  try {
    value = node.compile().evaluate({});
  } catch (error) {
    throw new BuiltinError(
      'BAD_INPUT',
      `Could not evaluate "${shorten(expression)}": ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  if (typeof value !== 'number') {
    throw new BuiltinError(
      'BAD_INPUT',
      `The result of "${shorten(expression)}" is not a real number.`,
    );
  }
  if (!Number.isFinite(value)) {
    throw new BuiltinError(
      'BAD_INPUT',
      `The result of "${shorten(expression)}" is not a finite number (division by zero or overflow).`,
    );
  }
  // 15 significant digits: 0.1 + 0.2 is 0.3, as a person expects.
  const result = Number(math.format(value, { precision: 15 }));
  return { expression, result: Object.is(result, -0) ? 0 : result };
}

function shorten(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function runCalculate(input: BuiltinInput): BuiltinResult {
  const { expression, result } = calculate(input.text, input.context);
  return { output: result, text: `${expression} = ${result}` };
}
