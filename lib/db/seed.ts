import { BUILTIN_AGENTS } from '@/lib/agents/builtin/catalog';
import type { PrismaClient } from './prisma';

/** Settings key that records when the demo data was seeded (so it is seeded once). */
export const DEMO_SEEDED_KEY = 'demo_seeded_at';

export interface SeedResult {
  seeded: boolean;
  agentsCreated: number;
}

/**
 * Registers Baton's builtin agents and their capabilities — real agents that run in-process — with
 * an initial status transition each. Runs once per database (marker in `settings`) unless `force`;
 * agents that already exist by name are left as they are, so a forced re-run is safe.
 */
export async function seedDemoData(db: PrismaClient, { force = false } = {}): Promise<SeedResult> {
  return db.$transaction(async (tx) => {
    // Serialize concurrent seeders (two launchers on one database).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('baton:seed'))`;
    const marker = await tx.setting.findUnique({ where: { key: DEMO_SEEDED_KEY } });
    if (marker && !force) return { seeded: false, agentsCreated: 0 };

    let agentsCreated = 0;
    for (const definition of BUILTIN_AGENTS) {
      const existing = await tx.agent.findFirst({
        where: { name: definition.name, deletedAt: null },
        select: { id: true },
      });
      if (existing) continue;
      await tx.agent.create({
        data: {
          name: definition.name,
          displayName: definition.displayName,
          description: definition.description,
          kind: 'builtin',
          version: '1.0.0',
          config: { builtin: definition.name },
          maxConcurrentTasks: 16,
          healthCheckIntervalS: 60,
          capabilities: {
            create: definition.capabilities.map((capability) => ({ ...capability })),
          },
          statusTransitions: {
            create: {
              from: null,
              to: 'ACTIVE',
              actor: 'system',
              reason: 'Registered by the demo seed',
            },
          },
        },
      });
      agentsCreated += 1;
    }
    const now = new Date().toISOString();
    await tx.setting.upsert({
      where: { key: DEMO_SEEDED_KEY },
      create: { key: DEMO_SEEDED_KEY, value: now },
      update: { value: now },
    });
    return { seeded: true, agentsCreated };
  });
}
