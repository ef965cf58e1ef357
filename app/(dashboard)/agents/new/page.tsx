import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageAccess } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { listModelPriceOptions } from '@/lib/server/budget/prices';
import { RegisterAgentForm } from './_components/register-agent-form';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Register agent' };

export default async function RegisterAgentPage() {
  await requirePageAccess('/agents/new');
  const modelPrices = await listModelPriceOptions(getDb());
  return (
    <div className="max-w-3xl">
      <Link
        href="/agents"
        className="rounded-sm text-sm font-medium text-accent-700 hover:text-accent-600 hover:underline"
      >
        ← Agents
      </Link>
      <div className="mt-2">
        <PageHeader
          title="Register agent"
          description="Baton checks the agent’s settings now and its health from then on. It starts Active."
        />
      </div>
      <RegisterAgentForm modelPrices={modelPrices} />
    </div>
  );
}
