/**
 * Registry benchmark (issue 4): with 10,000 registered agents, the median (p50) of a lookup by
 * capability, and the server time of the Agents page.
 */
import type { PrismaClient } from '@/lib/db/prisma';
import { findAgentsByCapability, findAgentsByTag } from '@/lib/db/repositories/capabilities';
import { findAgents } from '@/lib/db/repositories/agents';
import { summarize, time, type Measurement } from './stats';

export const AGENT_COUNT = 10_000;
const CAPABILITY_VOCABULARY = 200;

/** Inserts AGENT_COUNT agents, three capabilities each from a vocabulary of 200, in bulk SQL. */
export async function seedAgents(db: PrismaClient): Promise<void> {
  await db.$executeRawUnsafe(`
    INSERT INTO agents (id, name, display_name, kind, endpoint_url, status, config, created_at, updated_at, status_changed_at)
    SELECT gen_random_uuid(), 'bench-agent-' || g, 'Bench agent ' || g, 'webhook', 'http://127.0.0.1:9/hook',
           (CASE WHEN g % 10 = 0 THEN 'DEGRADED' ELSE 'ACTIVE' END)::agent_status, '{}',
           now() - make_interval(secs => g), now(), now()
    FROM generate_series(1, ${AGENT_COUNT}) AS g`);
  await db.$executeRawUnsafe(`
    INSERT INTO capabilities (id, agent_id, name, description, input_types, output_types, tags, examples, created_at)
    SELECT gen_random_uuid(), a.id, 'cap-' || ((a.n * k) % ${CAPABILITY_VOCABULARY}), 'Benchmark capability',
           ARRAY['text/plain'], ARRAY['text/plain'], ARRAY['tag-' || ((a.n * k) % 50)], ARRAY[]::text[], now()
    FROM (SELECT id, substring(name from 13)::int AS n FROM agents WHERE name LIKE 'bench-agent-%') AS a,
         (VALUES (1), (7), (13)) AS m(k)
    ON CONFLICT (agent_id, name) DO NOTHING`);
  await db.$executeRawUnsafe(`
    INSERT INTO status_transitions (agent_id, "from", "to", reason, actor, created_at)
    SELECT id, NULL, 'ACTIVE', 'Registered', 'system', created_at FROM agents WHERE name LIKE 'bench-agent-%'`);
  await db.$executeRawUnsafe('ANALYZE');
}

export async function benchRegistryQueries(db: PrismaClient): Promise<Measurement[]> {
  const capability = (i: number) => `cap-${(i * 37) % CAPABILITY_VOCABULARY}`;
  const byCapability = await time((i) => findAgentsByCapability(db, capability(i)), 200);
  const byTag = await time((i) => findAgentsByTag(db, `tag-${i % 50}`), 100);
  const listPage = await time(() => findAgents(db, { page: 1, pageSize: 25 }), 100);
  const filtered = await time(
    (i) => findAgents(db, { page: 1, pageSize: 25 }, { capability: capability(i), search: '1' }),
    100,
  );
  return [
    summarize(
      'registry',
      'lookup by capability (~150 agents match)',
      byCapability,
      `${AGENT_COUNT} agents`,
    ),
    summarize('registry', 'lookup by tag (~600 match)', byTag),
    summarize('registry', 'agents list, page 1 (repository)', listPage),
    summarize('registry', 'agents list, capability + search filter', filtered),
  ];
}

/**
 * Full server time of GET /agents (HTML, signed in) and GET /api/v1/agents (JSON, same session
 * cookie) on the production server, over loopback.
 */
export async function benchAgentsPage(baseUrl: string, cookie: string): Promise<Measurement[]> {
  const fetchPage = async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    await response.text();
  };
  const page1 = await time(() => fetchPage('/agents'), 50, 5);
  const filtered = await time((i) => fetchPage(`/agents?capability=cap-${i % 200}`), 50, 5);
  const apiPage = await time(() => fetchPage('/api/v1/agents?pageSize=25'), 50, 5);
  const apiDeep = await time(() => fetchPage('/api/v1/agents?pageSize=25&page=200'), 50, 5);
  const apiFiltered = await time(
    (i) => fetchPage(`/api/v1/agents?pageSize=25&capability=cap-${i % 200}`),
    50,
    5,
  );
  return [
    summarize('registry', 'GET /agents page (server, HTML)', page1, 'signed in, loopback'),
    summarize('registry', 'GET /agents?capability= (server, HTML)', filtered),
    summarize('registry', 'GET /api/v1/agents page 1 (JSON)', apiPage, 'session cookie'),
    summarize('registry', 'GET /api/v1/agents page 200 of 400 (JSON)', apiDeep),
    summarize('registry', 'GET /api/v1/agents?capability= (JSON)', apiFiltered),
  ];
}
