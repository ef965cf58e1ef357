/**
 * Next.js calls register() once when a server process starts. Baton starts its background services
 * (health monitor) in the Node.js runtime only — never during `next build`, never in the edge runtime.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startBackgroundServices } = await import('./lib/server/background');
  startBackgroundServices();
}
