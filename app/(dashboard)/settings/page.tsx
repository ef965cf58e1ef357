import type { Metadata } from 'next';
import { hasRole } from '@/lib/auth/roles';
import { requirePageAccess } from '@/lib/auth/session';
import { Card, CardHeader } from '@/components/ui/card';
import { getDb } from '@/lib/db/client';
import type { PrismaClient } from '@/lib/db/prisma';
import { checkSystemHealth } from '@/lib/db/repositories/health';
import { getEnv, processEnv } from '@/lib/env';
import { humanize } from '@/lib/format';
import { PLANNER_SETTING_KEY } from '@/lib/server/execution/plan';
import { BATON_VERSION } from '@/lib/version';
import {
  describeConfiguration,
  describeDatabaseUrl,
  formatDatabaseTarget,
} from './_components/configuration';
import { ConfigurationTable } from './_components/configuration-table';
import { DatabaseCard } from './_components/database-card';
import { DetailsList } from '@/components/ui/details-list';
import { PlannerForm, type PlannerOption } from './_components/planner-form';
import { RoutingForm } from './_components/routing-form';
import { EmbeddingsForm } from './_components/embeddings-form';
import { EMBEDDINGS_SETTING_KEY } from '@/lib/server/execution/embeddings';
import { defaultStrategy } from '@/lib/server/execution/submit';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const viewer = await requirePageAccess('/settings');
  const env = getEnv();
  // This page diagnoses a broken setup, so a missing DATABASE_URL is reported here, not thrown.
  const health = env.DATABASE_URL ? await checkSystemHealth(getDb()) : null;
  const target = env.DATABASE_URL ? describeDatabaseUrl(env.DATABASE_URL) : null;
  const planner =
    env.DATABASE_URL && health?.database.ok && hasRole(viewer.role, 'admin')
      ? await loadPlannerChoice(getDb())
      : null;

  return (
    <div className="space-y-8">
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader as="h2" title="Instance" />
          <DetailsList
            items={[
              { label: 'Baton version', value: BATON_VERSION },
              { label: 'Node.js', value: process.version },
              { label: 'Environment', value: env.NODE_ENV },
            ]}
          />
        </Card>
        <DatabaseCard
          health={health}
          target={target ? formatDatabaseTarget(target) : 'DATABASE_URL is not set'}
        />
      </div>
      <Card>
        <CardHeader
          as="h2"
          title="Configuration"
          description="Read-only. Set these as environment variables before starting Baton; secret values are never shown."
        />
        <ConfigurationTable rows={describeConfiguration(processEnv())} />
      </Card>
      {planner ? (
        <section aria-labelledby="routing-heading">
          <Card>
            <CardHeader
              as="h2"
              id="routing-heading"
              title="Routing"
              description="How tasks are routed when a request names no strategy (REST and A2A submissions; the New request form preselects it), and what the semantic strategy ranks with."
            />
            <RoutingForm current={await defaultStrategy(getDb())} />
            <EmbeddingsForm
              options={planner.options}
              {...await loadEmbeddingsChoice(getDb(), planner.options)}
            />
          </Card>
        </section>
      ) : null}
      {planner ? (
        <section aria-labelledby="planner-heading">
          <Card>
            <CardHeader
              as="h2"
              id="planner-heading"
              title="Planner"
              description="The OpenAI-compatible agent that plans requests submitted with the LLM planner. Without one, they are planned by the heuristic planner."
            />
            {planner.isStale ? (
              <p className="px-5 pt-4 text-sm text-status-failed">
                The configured planner agent is no longer registered (or no longer
                OpenAI-compatible).
              </p>
            ) : null}
            <PlannerForm options={planner.options} currentId={planner.currentId} />
          </Card>
        </section>
      ) : null}
    </div>
  );
}

/** The planner setting and the agents it may name: live openai-kind agents, by name. */
async function loadPlannerChoice(db: PrismaClient): Promise<{
  options: PlannerOption[];
  currentId: string;
  isStale: boolean;
}> {
  const [setting, agents] = await Promise.all([
    db.setting.findUnique({ where: { key: PLANNER_SETTING_KEY }, select: { value: true } }),
    db.agent.findMany({
      where: { kind: 'openai', deletedAt: null },
      select: { id: true, name: true, status: true, config: true },
      orderBy: { name: 'asc' },
    }),
  ]);
  const configured = (setting?.value as { agentId?: unknown } | null)?.agentId;
  const configuredId = typeof configured === 'string' ? configured : '';
  const isLive = agents.some((agent) => agent.id === configuredId);
  return {
    options: agents.map((agent) => {
      const model = (agent.config as { model?: unknown } | null)?.model;
      return {
        id: agent.id,
        label: `${agent.name}${typeof model === 'string' ? ` · ${model}` : ''} (${humanize(agent.status)})`,
      };
    }),
    currentId: isLive ? configuredId : '',
    isStale: configuredId !== '' && !isLive,
  };
}

/** The embeddings setting, when it still names one of the live openai agents. */
async function loadEmbeddingsChoice(
  db: PrismaClient,
  options: PlannerOption[],
): Promise<{ currentId: string; currentModel: string }> {
  const setting = await db.setting.findUnique({ where: { key: EMBEDDINGS_SETTING_KEY } });
  const value = setting?.value as { agentId?: unknown; model?: unknown } | null;
  const id = typeof value?.agentId === 'string' ? value.agentId : '';
  return {
    currentId: options.some((o) => o.id === id) ? id : '',
    currentModel: typeof value?.model === 'string' ? value.model : '',
  };
}
