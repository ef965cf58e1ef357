import type { ReactNode } from 'react';
import { Sidebar } from '@/components/nav/sidebar';
import { requireSignedIn } from '@/lib/auth/session';

/**
 * The signed-in shell. Every page below also checks access itself (requirePageAccess): a layout is
 * not re-rendered on every navigation, so it must not be the only guard.
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Before anything streams, so an expired session gets a real redirect, not a half-rendered page.
  const viewer = await requireSignedIn();
  return (
    <>
      <a
        href="#main-content"
        className="sr-only rounded-md bg-surface px-4 py-2 text-sm font-medium text-ink shadow-lg focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50"
      >
        Skip to content
      </a>
      <div className="min-h-dvh md:flex">
        <Sidebar
          viewer={
            viewer && viewer.kind === 'user'
              ? { name: viewer.name, email: viewer.email, role: viewer.role }
              : null
          }
        />
        {/* tabIndex lets the skip link move keyboard focus here, not just scroll. */}
        <main id="main-content" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
          <div className="mx-auto max-w-6xl px-4 py-6 md:px-8 md:py-10">{children}</div>
        </main>
      </div>
    </>
  );
}
