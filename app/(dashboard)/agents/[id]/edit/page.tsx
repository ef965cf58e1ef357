import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { usdInputValue } from '@/lib/actions/agents/update-form';
import { requirePageAccess } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { listModelPriceOptions } from '@/lib/server/budget/prices';
import { getAgentDetail } from '@/lib/db/repositories/agents';
import { AgentIdSchema } from '@/lib/schemas/agents';
import { EditAgentForm, type EditAgentFormValues } from './_components/edit-agent-form';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Edit agent' };

export default async function EditAgentPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageAccess('/agents/[id]/edit');
  const parsedId = AgentIdSchema.safeParse(await params);
  if (!parsedId.success) notFound();
  const agent = await getAgentDetail(getDb(), parsedId.data.id);
  if (!agent) notFound();

  const modelPrices = await listModelPriceOptions(getDb());

  const config = (agent.config ?? {}) as Record<string, unknown>;
  const configText = (key: string) => (typeof config[key] === 'string' ? config[key] : '');
  // Only what the form shows crosses to the client: never the secret, only whether there is one.
  const values: EditAgentFormValues = {
    id: agent.id,
    modelPrices,
    kind: agent.kind,
    name: agent.name,
    displayName: agent.displayName,
    description: agent.description,
    endpointUrl: agent.endpointUrl ?? '',
    hasSecret: agent.hasSecret,
    config: {
      canary: config.canary === true,
      model: configText('model'),
      systemPrompt: configText('systemPrompt'),
      probe: configText('probe') || 'models',
      healthUrl: configText('healthUrl'),
      builtin: configText('builtin'),
    },
    capabilities: agent.capabilities.map((capability) => ({
      name: capability.name,
      description: capability.description,
      tags: capability.tags.join(', '),
      inputTypes: capability.inputTypes.join(', '),
      outputTypes: capability.outputTypes.join(', '),
    })),
    advanced: {
      maxConcurrentTasks: agent.maxConcurrentTasks,
      weight: agent.weight,
      priceInputPerMTok: usdInputValue(agent.priceInputPerMTok),
      priceOutputPerMTok: usdInputValue(agent.priceOutputPerMTok),
      pricePerCall: usdInputValue(agent.pricePerCall),
      priceRef:
        agent.priceProvider && agent.priceModel ? `${agent.priceProvider}/${agent.priceModel}` : '',
      healthCheckIntervalS: agent.healthCheckIntervalS,
      autoRecover: agent.autoRecover,
    },
  };

  return (
    <div className="max-w-3xl">
      <Link
        href={`/agents/${agent.id}`}
        className="rounded-sm text-sm font-medium text-accent-700 hover:text-accent-600 hover:underline"
      >
        ← {agent.displayName}
      </Link>
      <div className="mt-2">
        <PageHeader
          title={`Edit ${agent.displayName}`}
          description="Changes apply to new tasks at once. The kind cannot change: register a new agent for that."
        />
      </div>
      <EditAgentForm values={values} />
    </div>
  );
}
