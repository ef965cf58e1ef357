import type { Actor, UserRole } from '@/lib/engine';

/** Who is asking: a signed-in user (browser session) or an API token. */
export type Viewer =
  | { kind: 'user'; id: string; email: string; name: string; role: UserRole; actor: Actor }
  | { kind: 'token'; id: string; name: string; role: UserRole; actor: Actor };

/** The user id to attribute rows to (tokens act for nobody in particular). */
export function viewerUserId(viewer: Viewer): string | null {
  return viewer.kind === 'user' ? viewer.id : null;
}
