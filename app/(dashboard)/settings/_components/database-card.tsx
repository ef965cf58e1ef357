import { Card, CardHeader } from '@/components/ui/card';
import type { SystemHealth } from '@/lib/db/repositories/health';
import { formatCount } from '@/lib/format';
import { DetailsList } from '@/components/ui/details-list';
import { HealthIndicator } from './health-indicator';

/** Database reachability and migration state; `health` is null when no database is configured. */
export function DatabaseCard({ health, target }: { health: SystemHealth | null; target: string }) {
  return (
    <Card>
      <CardHeader as="h2" id="database-heading" title="Database" />
      <DetailsList
        items={[
          { label: 'Server', value: <span className="font-mono">{target}</span> },
          ...(health ? describeHealth(health) : []),
        ]}
      />
    </Card>
  );
}

function describeHealth(health: SystemHealth) {
  const { database, migrations } = health;
  const rows = [
    {
      label: 'Connection',
      value: (
        <HealthIndicator
          ok={database.ok}
          label={database.ok ? 'Connected' : `Unreachable (${database.error ?? 'unknown error'})`}
        />
      ),
    },
    {
      label: 'Latency',
      value: database.latencyMs === null ? '—' : `${database.latencyMs} ms`,
    },
  ];
  if ('error' in migrations) {
    return [...rows, { label: 'Migrations', value: `Unknown (${migrations.error})` }];
  }
  return [
    ...rows,
    {
      label: 'Migrations',
      value: (
        <HealthIndicator
          ok={migrations.ok}
          label={migrations.ok ? 'Up to date' : 'Action needed'}
        />
      ),
    },
    {
      label: 'Latest migration',
      value: <span className="font-mono">{migrations.latest ?? 'None applied'}</span>,
    },
    {
      label: 'Pending migrations',
      value: <MigrationNames count={migrations.pending.length} names={migrations.pending} />,
    },
    ...(migrations.failed.length > 0
      ? [
          {
            label: 'Failed migrations',
            value: <MigrationNames count={migrations.failed.length} names={migrations.failed} />,
          },
        ]
      : []),
  ];
}

function MigrationNames({ count, names }: { count: number; names: string[] }) {
  if (count === 0) return <>0</>;
  return (
    <>
      {formatCount(count)}
      <ul className="mt-1 font-mono text-xs text-ink-muted">
        {names.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
    </>
  );
}
