'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

/**
 * Client-side data layer. The QueryClient lives in state so each browser session gets its own cache
 * and a re-render never replaces it (a module-level client would be shared across requests during
 * server rendering).
 */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // Pages are server-rendered with fresh data; avoid refetching it again right after hydration.
            staleTime: 30_000,
            // One retry covers a blip; more would keep a broken panel spinning for a long time.
            retry: 1,
          },
          mutations: { retry: 0 },
        },
      }),
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
