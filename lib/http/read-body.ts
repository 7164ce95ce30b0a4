// Reading a request body with a size cap, for endpoints anyone can post to
// (the Stripe webhook, the local REST emulator): a declared Content-Length
// over the cap is refused unread, and a chunked body is cut off as soon as it
// passes the cap, so an oversized post is never buffered whole.

export type BoundedBody = { ok: true; text: string } | { ok: false; size: number };

/** The body as UTF-8 text, or `ok: false` with the size seen once it exceeds `limit` bytes. */
export async function readBodyWithin(request: Request, limit: number): Promise<BoundedBody> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) return { ok: false, size: declared };
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, size };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}
