/**
 * A server action call (`POST` with a `Next-Action` header) carries its arguments as React's
 * encodeReply writes them: a JSON array as text/plain, or multipart/form-data whose `0` part is
 * that JSON array (the other parts are the FormData arguments). Next.js answers 500 to anything
 * else (it throws decoding the body), so proxy.ts refuses malformed bodies first with a 4xx:
 * issue 12, scenario 4 (`npm run chaos -- fuzz`). Text that is not UTF-8 is refused too, as the API
 * routes refuse it (ADR 0057, addendum): Next.js would decode it to U+FFFD and run the action on
 * other text than the client sent — before any sign-in check, so a malformed body is 400
 * MALFORMED_REQUEST, never a failed sign-in (UNAUTHENTICATED) counted against the account.
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

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether every part of a multipart body that is text (headers, and the content of parts without
 * a `filename`) is UTF-8. Next.js decodes such parts leniently (U+FFFD), so a password with a byte
 * that is not UTF-8 would reach sign-in as another password; files are bytes and are not checked.
 * Called after `formData()` accepted the body's structure.
 */
export function multipartTextIsUtf8(body: Buffer, boundary: string): boolean {
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.concat([CRLF, delimiter]);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString('latin1') === '--') return true;
    const next = body.indexOf(nextDelimiter, partStart);
    const part = body.subarray(partStart, next === -1 ? body.length : next);
    const split = part.indexOf(HEADERS_END);
    if (split !== -1) {
      const headers = part.subarray(0, split);
      if (!isUtf8(headers)) return false;
      const isFile = /filename\*?=/i.test(headers.toString('latin1'));
      if (!isFile && !isUtf8(part.subarray(split + HEADERS_END.length))) return false;
    }
    start = next === -1 ? -1 : next + CRLF.length;
  }
  return true;
}

function boundaryOf(contentType: string): string | null {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2] ?? null;
}

/** What is wrong with a server action request's body, or null when React could have sent it. */
export async function actionBodyProblem(request: Request): Promise<ActionBodyProblem | null> {
  const rawType = request.headers.get('content-type') ?? '';
  const contentType = rawType.toLowerCase();
  if (contentType.startsWith('text/plain')) {
    const bytes = new Uint8Array(await request.clone().arrayBuffer());
    if (!isUtf8(bytes)) {
      return { status: 400, message: 'The server action arguments are not valid UTF-8.' };
    }
    return jsonArray(utf8.decode(bytes))
      ? null
      : { status: 400, message: 'The server action arguments must be a JSON array.' };
  }
  if (contentType.startsWith('multipart/form-data')) {
    const body = Buffer.from(await request.clone().arrayBuffer());
    let root: FormDataEntryValue | null;
    try {
      const form = await new Response(body, { headers: { 'content-type': rawType } }).formData();
      root = form.get('0');
    } catch {
      return { status: 400, message: 'The server action form data is malformed.' };
    }
    if (!(typeof root === 'string' && jsonArray(root))) {
      return { status: 400, message: 'The server action form data has no argument list.' };
    }
    const boundary = boundaryOf(rawType);
    return boundary && multipartTextIsUtf8(body, boundary)
      ? null
      : {
          status: 400,
          message: 'The server action form data has a field that is not valid UTF-8.',
        };
  }
  return {
    status: 415,
    message: 'A server action takes text/plain or multipart/form-data.',
  };
}
