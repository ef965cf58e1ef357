import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Sidebar } from '@/components/nav/sidebar';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { template: '%s · Baton', default: 'Baton' },
  description: 'Self-hosted control plane for fleets of AI agents',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a
          href="#main-content"
          className="sr-only rounded-md bg-surface px-4 py-2 text-sm font-medium text-ink shadow-lg focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50"
        >
          Skip to content
        </a>
        <Providers>
          <div className="min-h-dvh md:flex">
            <Sidebar />
            {/* tabIndex lets the skip link move keyboard focus here, not just scroll. */}
            <main id="main-content" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
              <div className="mx-auto max-w-6xl px-4 py-6 md:px-8 md:py-10">{children}</div>
            </main>
          </div>
        </Providers>
      </body>
    </html>
  );
}
