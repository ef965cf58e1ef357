import { z } from 'zod';

/** The request page's `[id]`: anything that is not a UUID is an unknown request (404). */
export const RequestIdSchema = z.object({ id: z.uuid('The request id must be a UUID.') });

/** A task of a request, as the per-node actions name it. */
export const TaskRefSchema = z.object({
  requestId: z.uuid('The request id must be a UUID.'),
  taskId: z.uuid('The task id must be a UUID.'),
});

/** How many events the timeline shows at once; `?after=<event id>` pages on. */
export const TIMELINE_PAGE_SIZE = 200;

const CursorSchema = z
  .string()
  .regex(/^\d{1,18}$/)
  .transform((text) => BigInt(text))
  .catch(0n);

/**
 * The timeline's cursor from `?after=`: the id of the last event already shown. Anything that is not
 * a plain non-negative integer means "from the start" rather than failing the page.
 */
export function parseEventsCursor(value: string | string[] | undefined): bigint {
  return CursorSchema.parse(Array.isArray(value) ? value[0] : (value ?? '0'));
}
