import Link from 'next/link';

export default function Forbidden() {
  return (
    <div className="flex min-h-[60dvh] items-center justify-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-status-failed">403</p>
        <h1 className="mt-2 text-2xl font-semibold text-ink">
          You do not have access to this page
        </h1>
        <p className="mt-2 text-sm text-ink-muted">
          Your role does not include it. Ask an admin if you need access.
        </p>
        <Link
          href="/"
          className="mt-6 inline-block text-sm font-medium text-accent-600 hover:underline"
        >
          Back to the overview
        </Link>
      </div>
    </div>
  );
}
