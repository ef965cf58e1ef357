/**
 * The synthesizer builtin: combines the outputs of a request's tasks into one readable answer (the
 * final step's result first, then every step) plus the same data in structured form.
 */
import {
  BuiltinError,
  taskOutputsOf,
  type BuiltinInput,
  type BuiltinResult,
  type TaskOutput,
} from './input';

const MAX_RENDERED_CHARS = 500;

/** One output as a line of text: strings as they are, numbers as numbers, objects as short JSON. */
export function renderOutput(output: unknown): string {
  let text: string;
  if (typeof output === 'string') text = output.trim();
  else if (typeof output === 'number' || typeof output === 'boolean') text = String(output);
  else if (output === undefined || output === null) text = '(no output)';
  else {
    const record = output as Record<string, unknown>;
    const readable = ['text', 'summary', 'answer']
      .map((key) => record[key])
      .find((v) => typeof v === 'string');
    text =
      typeof readable === 'string' ? readable.trim() : (JSON.stringify(output) ?? String(output));
  }
  return text.length > MAX_RENDERED_CHARS ? `${text.slice(0, MAX_RENDERED_CHARS - 1)}…` : text;
}

function outputsFrom(input: BuiltinInput): TaskOutput[] {
  const fromContext = taskOutputsOf(input.context);
  if (fromContext.length > 0) return fromContext;
  const text = input.text.trim();
  if (/^[[{]/.test(text)) {
    try {
      return taskOutputsOf(JSON.parse(text) as unknown);
    } catch {
      // Not JSON: fall through to the error below.
    }
  }
  return [];
}

export function synthesize(input: BuiltinInput): BuiltinResult {
  const outputs = outputsFrom(input);
  if (outputs.length === 0) {
    throw new BuiltinError(
      'BAD_INPUT',
      'Nothing to synthesize: pass the task outputs as context, an array of { ref, capability, output }.',
    );
  }
  const steps = outputs.map((entry, index) => ({
    ref: entry.ref ?? `step-${index + 1}`,
    capability: entry.capability ?? null,
    output: entry.output ?? null,
    ...(entry.error !== undefined && { error: entry.error }),
  }));
  const succeeded = steps.filter((step) => step.error === undefined);
  // Steps marked final are the request's results (several when branches run in parallel);
  // without marks, the last step that succeeded is.
  const marked = outputs
    .map((entry, index) => ({ entry, step: steps[index]! }))
    .filter(({ entry, step }) => entry.final === true && step.error === undefined)
    .map(({ step }) => step);
  const final = marked.at(-1) ?? succeeded.at(-1);
  const headline =
    marked.length > 1
      ? marked.map((step) => `${step.ref}: ${renderOutput(step.output)}`).join(' · ')
      : final
        ? renderOutput(final.output)
        : 'No step produced a result.';
  const lines = steps.map((step, index) => {
    const label = step.capability ? `${step.capability} (${step.ref})` : step.ref;
    const body = step.error !== undefined ? `failed: ${step.error}` : renderOutput(step.output);
    return `${index + 1}. ${label}: ${body}`;
  });
  const answer =
    steps.length === 1 && final ? headline : [headline, '', 'Steps:', ...lines].join('\n');
  return {
    output: {
      answer,
      final: final?.output ?? null,
      results: Object.fromEntries(succeeded.map((step) => [step.ref, step.output])),
      steps,
    },
    text: answer,
  };
}
