import type { ReactNode } from 'react';

/** Sign-in and first-run setup: a centred card, no navigation. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main
      id="main-content"
      className="flex min-h-dvh items-center justify-center bg-canvas px-4 py-10"
    >
      <div className="w-full max-w-sm">{children}</div>
    </main>
  );
}
