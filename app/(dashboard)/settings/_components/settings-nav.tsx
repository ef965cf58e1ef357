'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';
import type { SettingsTab } from './settings-tabs';

/** `/settings` is current only on itself; the others also on anything below them. */
export function isCurrentTab(pathname: string, href: string): boolean {
  if (href === '/settings') return pathname === '/settings';
  return pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * Links between the settings pages, drawn as tabs. Each is its own page (own URL, own access
 * check), so this is navigation with `aria-current`, not an ARIA tablist.
 */
export function SettingsNav({ tabs }: { tabs: SettingsTab[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="mb-8 border-b border-line">
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {tabs.map((tab) => {
          const isCurrent = isCurrentTab(pathname, tab.href);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={isCurrent ? 'page' : undefined}
                className={cn(
                  'block rounded-t-md border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors',
                  isCurrent
                    ? 'border-accent-600 text-accent-700'
                    : 'border-transparent text-ink-muted hover:border-slate-300 hover:text-ink',
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
