import type { Metadata } from 'next';
import { requirePageAccess } from '@/lib/auth/session';
import { Card, CardHeader } from '@/components/ui/card';
import { getDb } from '@/lib/db/client';
import { checkSystemHealth } from '@/lib/db/repositories/health';
import { getEnv } from '@/lib/env';
import { BATON_VERSION } from '@/lib/version';
import {
  describeConfiguration,
  describeDatabaseUrl,
  formatDatabaseTarget,
} from './_components/configuration';
import { ConfigurationTable } from './_components/configuration-table';
import { DatabaseCard } from './_components/database-card';
import { DetailsList } from './_components/details-list';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  await requirePageAccess('/settings');
  const env = getEnv();
  // This page diagnoses a broken setup, so a missing DATABASE_URL is reported here, not thrown.
  const health = env.DATABASE_URL ? await checkSystemHealth(getDb()) : null;
  const target = env.DATABASE_URL ? describeDatabaseUrl(env.DATABASE_URL) : null;

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
        <ConfigurationTable rows={describeConfiguration(process.env)} />
      </Card>
    </div>
  );
}
