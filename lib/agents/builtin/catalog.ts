/**
 * The builtin agents that ship with Baton: they run inside Baton and do real work with no external
 * service (architecture.md §5). This catalog is what the demo seed registers; their behaviour lives
 * beside it as it is built.
 */
export interface BuiltinCapabilityDefinition {
  name: string;
  description: string;
  inputTypes: string[];
  outputTypes: string[];
  tags: string[];
  examples: string[];
}

export interface BuiltinAgentDefinition {
  /** Slug; also the `builtin` key in the agent's config. */
  name: string;
  displayName: string;
  description: string;
  capabilities: BuiltinCapabilityDefinition[];
}

export const BUILTIN_AGENTS: readonly BuiltinAgentDefinition[] = [
  {
    name: 'calculator',
    displayName: 'Calculator',
    description: 'Evaluates arithmetic expressions safely (no code execution).',
    capabilities: [
      {
        name: 'calculate',
        description: 'Evaluate an arithmetic expression such as 15 * 7 or (2 + 3) ^ 2.',
        inputTypes: ['text/plain'],
        outputTypes: ['text/plain', 'application/json'],
        tags: ['math', 'arithmetic', 'calculator'],
        examples: ['Calculate 15 * 7', 'What is 25 * 4?', 'compute (2 + 3) ^ 2'],
      },
    ],
  },
  {
    name: 'text-tools',
    displayName: 'Text tools',
    description: 'Counts words, writes extractive summaries and extracts keywords from text.',
    capabilities: [
      {
        name: 'count_words',
        description: 'Count the words in a text.',
        inputTypes: ['text/plain'],
        outputTypes: ['application/json'],
        tags: ['text', 'count', 'words'],
        examples: ["count the words in 'Hello world'", 'how many words are in this paragraph'],
      },
      {
        name: 'summarize',
        description: 'Summarize a text by extracting its most representative sentences.',
        inputTypes: ['text/plain'],
        outputTypes: ['text/plain'],
        tags: ['text', 'summary', 'summarize'],
        examples: ['summarize this article', 'give me a short summary of the text'],
      },
      {
        name: 'extract_keywords',
        description: 'Extract the most significant keywords of a text.',
        inputTypes: ['text/plain'],
        outputTypes: ['application/json'],
        tags: ['text', 'keywords', 'topics'],
        examples: ['extract keywords from this text', 'what are the main topics'],
      },
    ],
  },
  {
    name: 'json-formatter',
    displayName: 'JSON formatter',
    description: 'Validates, formats and wraps values as JSON.',
    capabilities: [
      {
        name: 'format_json',
        description: 'Format a value or a JSON document as pretty-printed JSON.',
        inputTypes: ['text/plain', 'application/json'],
        outputTypes: ['application/json'],
        tags: ['json', 'format', 'formatter'],
        examples: ['format the result as JSON', 'pretty-print this JSON'],
      },
    ],
  },
  {
    name: 'synthesizer',
    displayName: 'Synthesizer',
    description: "Combines the outputs of a request's tasks into one result.",
    capabilities: [
      {
        name: 'synthesize',
        description: 'Combine several task outputs into a single answer.',
        inputTypes: ['application/json'],
        outputTypes: ['text/plain', 'application/json'],
        tags: ['synthesis', 'combine', 'summary'],
        examples: ['combine these results', 'merge the outputs into one answer'],
      },
    ],
  },
];
