import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { countUsers } from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import { SetupForm } from './_components/setup-form';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Set up Baton' };

/** First run only: once any user exists this page is gone (404). */
export default async function SetupPage() {
  if ((await countUsers(getDb())) > 0) notFound();
  return (
    <div className="rounded-lg border border-line bg-surface p-6 shadow-sm">
      <h1 className="text-xl font-semibold text-ink">Welcome to Baton</h1>
      <p className="mt-1 text-sm text-ink-muted">
        Create the first admin account. Admins add other users and API tokens in Settings.
      </p>
      <SetupForm />
    </div>
  );
}
