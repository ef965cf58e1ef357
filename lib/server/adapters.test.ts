import { describe, expect, it, vi } from 'vitest';

// Records which heavy modules are loaded, and when.
const loaded = vi.hoisted(() => new Set<string>());
vi.mock('mathjs', async (importOriginal) => {
  loaded.add('mathjs');
  return importOriginal();
});
vi.mock('openai', async (importOriginal) => {
  loaded.add('openai');
  return importOriginal();
});

import { a2aAdapter } from '@/lib/agents/a2a';
import { mcpAdapter } from '@/lib/agents/mcp';

describe('adapterFor', () => {
  it('loads no heavy adapter module until a call needs it (worker start-up, issue 12)', async () => {
    loaded.clear();
    const { adapterFor } = await import('./adapters');
    await import('./execution/worker');
    expect([...loaded]).toEqual([]);
    const result = await adapterFor('builtin').invoke(
      { id: 'a', name: 'calculator', kind: 'builtin', config: { builtin: 'calculator' } } as never,
      {
        taskId: 't',
        attempt: 1,
        idempotencyKey: 'k',
        capability: 'calculate',
        input: { text: '2 + 3' },
        signal: new AbortController().signal,
        timeoutMs: 5_000,
      },
    );
    expect(result).toMatchObject({ ok: true });
    expect(loaded.has('mathjs')).toBe(true);
    expect(loaded.has('openai')).toBe(false);
  });

  it('offers cancel for exactly the kinds whose adapter has it', async () => {
    const { adapterFor } = await import('./adapters');
    expect(Boolean(adapterFor('a2a').cancel)).toBe(Boolean(a2aAdapter.cancel));
    expect(Boolean(adapterFor('mcp').cancel)).toBe(Boolean(mcpAdapter.cancel));
    for (const kind of ['openai', 'builtin', 'webhook'] as const) {
      expect(adapterFor(kind).cancel).toBeUndefined();
    }
  });
});
