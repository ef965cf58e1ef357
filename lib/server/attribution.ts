import type { Viewer } from '@/lib/auth/viewer';
import type { Attribution } from '@/lib/db/repositories/agent-mutations';

/** Who to record as having made a change. */
export function attributionOf(viewer: Viewer): Attribution {
  return { actor: viewer.actor, userId: viewer.kind === 'user' ? viewer.id : null };
}
