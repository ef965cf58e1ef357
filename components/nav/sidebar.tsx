import Link from 'next/link';
import type { UserRole } from '@/lib/engine';
import { NavLinks } from './nav-links';
import { UserMenu } from './user-menu';

/**
 * The app's banner: wordmark and main navigation. A fixed left column from the `md` breakpoint; above
 * the content as a top bar with a horizontally scrolling link row on narrow screens (no JavaScript
 * menu to open).
 */
export function Sidebar({
  viewer,
}: {
  viewer: { name: string; email: string; role: UserRole } | null;
}) {
  return (
    <header className="bg-sidebar text-white md:sticky md:top-0 md:flex md:h-dvh md:w-60 md:shrink-0 md:flex-col">
      <div className="flex items-center px-4 pt-4 pb-2 md:px-5 md:pt-6 md:pb-6">
        <Link
          href="/"
          className="flex items-center gap-2.5 rounded-md text-lg font-semibold tracking-tight focus-visible:outline-accent-300"
        >
          <BatonMark />
          Baton
        </Link>
      </div>
      <nav aria-label="Main" className="px-2 pb-3 md:flex-1 md:px-3">
        <NavLinks />
      </nav>
      {viewer && <UserMenu viewer={viewer} />}
    </header>
  );
}

/** The logo (same drawing as app/icon.svg): a relay baton with two grip bands. */
function BatonMark() {
  return (
    <svg aria-hidden="true" viewBox="0 0 32 32" className="size-7">
      <rect width="32" height="32" rx="7" fill="#4f46e5" />
      <g transform="rotate(-40 16 16)">
        <rect x="5" y="13" width="22" height="6" rx="3" fill="#fff" />
        <rect x="10" y="13" width="2.5" height="6" fill="#a5b4fc" />
        <rect x="19.5" y="13" width="2.5" height="6" fill="#a5b4fc" />
      </g>
    </svg>
  );
}
