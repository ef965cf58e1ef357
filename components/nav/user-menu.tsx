import { signOutAction } from '@/lib/actions/auth/sign-out';
import { ROLE_LABELS } from '@/lib/auth/roles';
import type { UserRole } from '@/lib/engine';

/** Who is signed in, with which role, and the way out. */
export function UserMenu({ viewer }: { viewer: { name: string; email: string; role: UserRole } }) {
  return (
    <div className="border-t border-white/10 px-4 py-3 md:px-5 md:py-4">
      <p className="truncate text-sm font-medium text-white" title={viewer.email}>
        {viewer.name}
      </p>
      <p className="truncate text-xs text-slate-400">
        {viewer.email} · <span data-testid="viewer-role">{ROLE_LABELS[viewer.role]}</span>
      </p>
      <form action={signOutAction} className="mt-2">
        <button
          type="submit"
          className="rounded-md text-sm text-slate-300 underline-offset-4 hover:text-white hover:underline focus-visible:outline-accent-300"
        >
          Sign out
        </button>
      </form>
    </div>
  );
}
