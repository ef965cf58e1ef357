import type { ReactNode } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { requireSignedIn } from '@/lib/auth/session';
import { SettingsNav } from './_components/settings-nav';
import { visibleSettingsTabs } from './_components/settings-tabs';

/**
 * The settings heading and tabs. Tabs a role cannot open are left out; that is only courtesy —
 * each page checks access itself (requirePageAccess), since a layout is not re-run on navigation.
 */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const viewer = await requireSignedIn();
  return (
    <>
      <PageHeader
        title="Settings"
        description="This Baton instance, who can use it, and what they did."
      />
      <SettingsNav tabs={visibleSettingsTabs(viewer.role)} />
      {children}
    </>
  );
}
