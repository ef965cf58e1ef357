/**
 * The LLM planner against an OpenAI-compatible server on loopback (the official SDK over real HTTP):
 * a valid plan runs; invalid JSON is retried with the problem, then falls back to the heuristic
 * planner; a plan needing a capability nobody offers stores the planner's proposed agent.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoData } from '@/lib/db/seed';
import { createTestDb } from '@/lib/testing/db';
import {
  registerAgent,
  startChatServer,
  waitForRequest,
  type TestChatServer,
} from '@/lib/testing/execution';
import { PLANNER_SETTING_KEY } from './plan';
import { submitRequest } from './submit';
import { startWorker, type WorkerHandle } from './worker';

const db = createTestDb();
let worker: WorkerHandle;
let chat: TestChatServer;
let answers: string[] = [];
let plannerId = '';

const PLAN = JSON.stringify({
  reasoning: 'two independent steps',
  tasks: [
    { ref: 'math', capability: 'calculate', description: 'Multiply', input: '15 * 7' },
    {
      ref: 'words',
      capability: 'count_words',
      description: 'Count',
      input: "count the words in 'Hello world'",
    },
  ],
});

beforeAll(async () => {
  await seedDemoData(db, { force: true });
  chat = await startChatServer((_body, index) => answers[index] ?? answers.at(-1) ?? '');
  plannerId = (
    await registerAgent(db, {
      kind: 'openai',
      endpointUrl: chat.url,
      config: { model: 'planner-1' },
      capabilities: [],
      priceInputPerMTok: 1_000_000n,
      priceOutputPerMTok: 2_000_000n,
    })
  ).id;
  await db.setting.create({ data: { key: PLANNER_SETTING_KEY, value: { agentId: plannerId } } });
  worker = await startWorker({
    db,
    connectionString: process.env.DATABASE_URL!,
    pollIntervalMs: 100,
  });
});

beforeEach(() => {
  chat.requests.length = 0;
});

afterAll(async () => {
  await worker?.stop(1_000);
  await chat?.stop();
  await db.$disconnect();
});

const submit = (input: string) =>
  submitRequest(db, { input, planner: 'llm' }, { userId: null, label: 'test' });

const plannedNote = async (id: string) =>
  (
    (await db.event.findFirst({ where: { requestId: id, type: 'request.planned' } }))?.payload as {
      note: string;
    }
  )?.note;

describe('LLM planner', () => {
  it('runs the plan the model wrote and books the planning cost', async () => {
    answers = [`Here is the plan:\n\`\`\`json\n${PLAN}\n\`\`\``];
    const { id } = await submit("Multiply 15 by 7, and count the words in 'Hello world'");
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');
    expect(await plannedNote(id)).toContain('LLM planner');
    const tasks = await db.task.findMany({ where: { requestId: id }, orderBy: { id: 'asc' } });
    expect(tasks.map((t) => t.ref)).toEqual(['math', 'words']);
    expect(JSON.stringify(tasks[0]!.output)).toContain('105');
    // The model saw the capability catalog in its system prompt and the request as the user turn.
    expect(chat.requests[0]!.messages[0]!.content).toContain('calculate');
    const planning = await db.costEntry.findFirstOrThrow({
      where: { requestId: id, kind: 'planning' },
    });
    expect(planning).toMatchObject({ tokensIn: 100, tokensOut: 50, agentId: plannerId });
    expect(planning.amount).toBe(200n); // 100 × $1/M + 50 × $2/M = 200 micro-dollars
  });

  it('retries an invalid answer with the problem, then uses the valid one', async () => {
    answers = ['I think you should calculate things.', PLAN];
    const { id } = await submit('Do the maths and count the words');
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');
    expect(chat.requests).toHaveLength(2);
    expect(chat.requests[1]!.messages.at(-1)!.content).toContain('rejected');
    expect(await plannedNote(id)).toContain('LLM planner');
  });

  it('falls back to the heuristic planner when the model keeps answering badly', async () => {
    answers = ['{"tasks": "not a list"}'];
    const { id } = await submit("Calculate 15 * 7 and count the words in 'Hello world'");
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');
    expect(chat.requests).toHaveLength(2);
    expect(await plannedNote(id)).toContain('heuristic planner instead');
    expect(await db.task.count({ where: { requestId: id } })).toBe(2);
  });

  it('keeps the specialised agent the model proposes for a missing capability, for an operator to approve', async () => {
    answers = [
      JSON.stringify({
        tasks: [
          {
            ref: 'fr',
            capability: 'translate',
            description: 'Translate to French',
            input: 'Hello',
          },
        ],
        proposedAgents: [
          {
            name: 'translator',
            capability: 'translate',
            description: 'Translates text between languages',
            model: 'planner-1',
            systemPrompt: 'You translate text. Answer with the translation only.',
          },
        ],
      }),
    ];
    const { id } = await submit('Translate Hello to French');
    const request = await waitForRequest(db, id);
    expect(request.status).toBe('failed');
    expect(request.error).toContain("'translator' (translate)");
    const proposal = await db.agentProposal.findFirstOrThrow({ where: { requestId: id } });
    expect(proposal).toMatchObject({
      status: 'pending',
      name: 'translator',
      baseAgentId: plannerId,
    });
    expect(await db.task.count({ where: { requestId: id } })).toBe(0);
  });
});
