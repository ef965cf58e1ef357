import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getSessionViewer } from '@/lib/auth/session';
import { countUsers } from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import { SignInForm } from './_components/sign-in-form';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string }>;
}) {
  if ((await countUsers(getDb())) === 0) redirect('/setup');
  if (await getSessionViewer()) redirect('/');
  const { next } = await searchParams;
  return (
    <div className="rounded-lg border border-line bg-surface p-6 shadow-sm">
      <h1 className="text-xl font-semibold text-ink">Sign in to Baton</h1>
      <p className="mt-1 text-sm text-ink-muted">Use the email and password your admin gave you.</p>
      <SignInForm next={typeof next === 'string' ? next : '/'} />
    </div>
  );
}
