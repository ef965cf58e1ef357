/**
 * A server action call (`POST` with a `Next-Action` header) carries its arguments as React's
 * encodeReply writes them: a JSON array as text/plain, or multipart/form-data whose `0` part is
 * that JSON array (the other parts are the FormData arguments). Next.js answers 500 to anything
 * else (it throws decoding the body), so proxy.ts refuses malformed bodies first with a 4xx:
 * issue 12, scenario 4 (`npm run chaos -- fuzz`).
 */

export interface ActionBodyProblem {
  status: 400 | 415;
  message: string;
}

function jsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

/** What is wrong with a server action request's body, or null when React could have sent it. */
export async function actionBodyProblem(request: Request): Promise<ActionBodyProblem | null> {
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase();
  if (contentType.startsWith('text/plain')) {
    const text = await request.clone().text();
    return jsonArray(text)
      ? null
      : { status: 400, message: 'The server action arguments must be a JSON array.' };
  }
  if (contentType.startsWith('multipart/form-data')) {
    let root: FormDataEntryValue | null;
    try {
      root = (await request.clone().formData()).get('0');
    } catch {
      return { status: 400, message: 'The server action form data is malformed.' };
    }
    return typeof root === 'string' && jsonArray(root)
      ? null
      : { status: 400, message: 'The server action form data has no argument list.' };
  }
  return {
    status: 415,
    message: 'A server action takes text/plain or multipart/form-data.',
  };
}
