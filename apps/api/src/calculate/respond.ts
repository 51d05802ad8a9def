import type { Context } from "hono";

/**
 * The size of a request's body as its `Content-Length` states it.
 *
 * @param c - the request's context
 * @returns bytes, or undefined when not stated (a chunked body)
 */
export function bodyBytes(c: Context): number | undefined {
  const length = c.req.header("Content-Length");
  return length === undefined ? undefined : Number(length);
}

/**
 * Sends JSON that is already UTF-8 bytes (a calculation thread's answer) as it is.
 *
 * @param c - the request's context
 * @param bytes - the JSON
 * @returns the response
 */
export function sendJsonBytes(c: Context, bytes: Uint8Array): never {
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { "Content-Type": "application/json" }) as never;
}
