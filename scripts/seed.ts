/**
 * `npm run db:seed`: registers the builtin demo agents in the database named by DATABASE_URL.
 * Re-running is safe (existing agents are kept).
 */
import { createPrismaClient } from '@/lib/db/prisma';
import { seedDemoData } from '@/lib/db/seed';
import { getDatabaseUrl } from '@/lib/env';

const db = createPrismaClient({ connectionString: getDatabaseUrl(), max: 2 });
try {
  const result = await seedDemoData(db, { force: true });
  console.log(`Seeded demo data: ${result.agentsCreated} builtin agent(s) registered.`);
} finally {
  await db.$disconnect();
}
