/**
 * JSON responses that can carry bigint micro-dollar amounts: as a JSON number while it is exact
 * (below 2^53, i.e. up to $9 billion), as a decimal string beyond. Dates become ISO strings.
 */
export function toJsonValue<T>(value: T): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) =>
      typeof v === 'bigint'
        ? v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)
          ? Number(v)
          : v.toString()
        : v,
    ),
  );
}

export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(toJsonValue(body), init);
}
