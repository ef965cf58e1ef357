/**
 * Semantic routing with embeddings from an OpenAI-compatible endpoint on loopback (the official SDK
 * over real HTTP): the embedding server knows synonyms that BM25 cannot, so the right agent is only
 * found through it; capability embeddings are cached; without the setting BM25 ranks.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb } from '@/lib/testing/db';
import {
  capability,
  registerAgent,
  startChatServer,
  startWebhookAgent,
  waitForRequest,
  type TestChatServer,
  type TestWebhookAgent,
} from '@/lib/testing/execution';
import { EMBEDDINGS_SETTING_KEY } from './embeddings';
import { submitRequest } from './submit';
import { startWorker, type WorkerHandle } from './worker';

const db = createTestDb();
let worker: WorkerHandle;
let embeddings: TestChatServer;
let lawyer: TestWebhookAgent;
let chef: TestWebhookAgent;

/** Two "concepts": words about law point one way, words about food the other. */
const CONCEPTS: Record<string, [number, number]> = {
  contract: [1, 0],
  contracts: [1, 0],
  agreement: [1, 0],
  lawyer: [1, 0],
  recipe: [0, 1],
  recipes: [0, 1],
  dish: [0, 1],
  cooking: [0, 1],
};
const embed = (text: string): number[] =>
  text
    .toLowerCase()
    .split(/\W+/)
    .reduce<number[]>(
      (sum, word) => {
        const [law, food] = CONCEPTS[word] ?? [0, 0];
        return [sum[0]! + law, sum[1]! + food, sum[2]!];
      },
      [0, 0, 0.01],
    );

beforeAll(async () => {
  embeddings = await startChatServer(() => '', undefined, embed);
  lawyer = await startWebhookAgent(() => ({ body: { output: 'reviewed by the lawyer' } }));
  chef = await startWebhookAgent(() => ({ body: { output: 'reviewed by the chef' } }));
  await registerAgent(db, {
    name: 'lawyer-bot',
    endpointUrl: lawyer.url,
    capabilities: [capability('review', { description: 'Checks contracts like a lawyer' })],
  });
  await registerAgent(db, {
    name: 'chef-bot',
    endpointUrl: chef.url,
    capabilities: [capability('review', { description: 'Tastes recipes and cooking' })],
  });
  const embedder = await registerAgent(db, {
    kind: 'openai',
    endpointUrl: embeddings.url,
    config: { model: 'chat' },
    capabilities: [],
    // $1,000 per 1M tokens: 1,000 micro-dollars per token, so the ledger shows exact figures.
    priceInputPerMTok: 1_000_000_000n,
  });
  await db.setting.create({
    data: { key: EMBEDDINGS_SETTING_KEY, value: { agentId: embedder.id, model: 'embed-1' } },
  });
  worker = await startWorker({
    db,
    connectionString: process.env.DATABASE_URL!,
    pollIntervalMs: 100,
  });
});

afterAll(async () => {
  await worker?.stop(1_000);
  await Promise.all([embeddings?.stop(), lawyer?.stop(), chef?.stop()]);
  await db.$disconnect();
});

const run = async (input: string) => {
  const { id } = await submitRequest(
    db,
    { strategy: 'semantic', workflow: { tasks: [{ ref: 'r', capability: 'review', input }] } },
    { userId: null, label: 'test' },
  );
  const request = await waitForRequest(db, id);
  const task = await db.task.findFirstOrThrow({ where: { requestId: id } });
  return { request, task };
};

it('routes by embedding similarity, which finds what the words alone do not', async () => {
  // "agreement" appears in neither description; only the embeddings relate it to contracts.
  const { request, task } = await run('please check this agreement');
  expect(request.status, request.error ?? '').toBe('succeeded');
  expect(task.output).toBe('reviewed by the lawyer');
  const routing = task.routing as {
    relevance: string;
    candidates: { name: string; score: number }[];
  };
  expect(routing.relevance).toContain('embeddings');
  expect(routing.candidates[0]!.name).toBe('lawyer-bot');

  const second = await run('how long should this dish cook');
  expect(second.task.output).toBe('reviewed by the chef');
  // Capability texts were embedded once; later decisions embed only the task text.
  expect(embeddings.embeddingInputs.at(-1)).toHaveLength(1);
  expect(lawyer.calls).toHaveLength(1);
  expect(chef.calls).toHaveLength(1);

  // Each embeddings call is a `routing` cost of its request, at the embedder's price: the first
  // embedded the task text and both capability texts (3 tokens), the second only its task text.
  const routingCosts = async (requestId: string) =>
    db.costEntry.findMany({
      where: { requestId, kind: 'routing' },
      select: { tokensIn: true, amount: true, taskId: true, capability: true },
    });
  expect(await routingCosts(request.id)).toEqual([
    { tokensIn: 3, amount: 3_000n, taskId: task.id, capability: 'review' },
  ]);
  expect(await routingCosts(second.request.id)).toEqual([
    { tokensIn: 1, amount: 1_000n, taskId: second.task.id, capability: 'review' },
  ]);
  const spent = await db.request.findUniqueOrThrow({ where: { id: second.request.id } });
  expect(spent.costTotal).toBe(1_000n);
});

it('falls back to BM25 when embeddings are not configured', async () => {
  await db.setting.delete({ where: { key: EMBEDDINGS_SETTING_KEY } });
  const { task } = await run('review the contracts please');
  expect((task.routing as { relevance: string }).relevance).toBe('BM25');
  expect(task.output).toBe('reviewed by the lawyer');
});
