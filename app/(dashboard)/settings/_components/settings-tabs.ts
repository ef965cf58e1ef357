import type { Route } from 'next';
import { pageAccessFor } from '@/lib/auth/access-matrix';
import { hasRole, type UserRole } from '@/lib/auth/roles';

export interface SettingsTab {
  href: Route;
  label: string;
}

export const SETTINGS_TABS: readonly SettingsTab[] = [
  { href: '/settings', label: 'Instance' },
  { href: '/settings/pricing', label: 'Pricing' },
  { href: '/settings/users', label: 'Users' },
  { href: '/settings/tokens', label: 'API tokens' },
  { href: '/settings/audit', label: 'Audit log' },
];

/**
 * The tabs a role may open. Read from PAGE_ACCESS, the same table the pages enforce, so the
 * navigation cannot offer a page that would answer 403 (or hide one that would not).
 */
export function visibleSettingsTabs(role: UserRole): SettingsTab[] {
  return SETTINGS_TABS.filter((tab) => {
    const access = pageAccessFor(tab.href);
    return access === 'public' || hasRole(role, access);
  });
}
