import { describe, expect, it } from 'vitest';
import { isCurrentTab } from './settings-nav';
import { visibleSettingsTabs } from './settings-tabs';

describe('visibleSettingsTabs', () => {
  it('shows viewers and operators only the instance and pricing tabs', () => {
    expect(visibleSettingsTabs('viewer').map((tab) => tab.label)).toEqual(['Instance', 'Pricing']);
    expect(visibleSettingsTabs('operator').map((tab) => tab.label)).toEqual([
      'Instance',
      'Pricing',
    ]);
  });

  it('shows admins every tab, in order', () => {
    expect(visibleSettingsTabs('admin').map((tab) => tab.href)).toEqual([
      '/settings',
      '/settings/pricing',
      '/settings/users',
      '/settings/tokens',
      '/settings/audit',
    ]);
  });
});

describe('isCurrentTab', () => {
  it('marks the instance tab only on /settings itself', () => {
    expect(isCurrentTab('/settings', '/settings')).toBe(true);
    expect(isCurrentTab('/settings/users', '/settings')).toBe(false);
  });

  it('marks a sub-tab on its own path and below, not on look-alike paths', () => {
    expect(isCurrentTab('/settings/users', '/settings/users')).toBe(true);
    expect(isCurrentTab('/settings/users/123', '/settings/users')).toBe(true);
    expect(isCurrentTab('/settings/users-archive', '/settings/users')).toBe(false);
  });
});
