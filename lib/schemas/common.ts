import { z } from 'zod';
import { MAX_PAGE_SIZE } from '@/lib/db/repositories/pagination';

/** `?page=&pageSize=` on list endpoints. Out-of-range pages are clamped by the repositories. */
export const PageQuerySchema = z.object({
  page: z.coerce
    .number({ error: 'page must be a number.' })
    .int('page must be a whole number.')
    .min(1, 'page starts at 1.')
    .default(1),
  pageSize: z.coerce
    .number({ error: 'pageSize must be a number.' })
    .int('pageSize must be a whole number.')
    .min(1, 'pageSize must be at least 1.')
    .max(MAX_PAGE_SIZE, `pageSize is at most ${MAX_PAGE_SIZE}.`)
    .default(25),
});
