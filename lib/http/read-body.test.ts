import { describe, expect, test } from "vitest";
import { readBodyWithin } from "./read-body";

const URL = "http://127.0.0.1/upload";

/** A chunked body of `chunks` × `chunkBytes`, counting how many bytes the reader pulled. */
function streamed(chunks: number, chunkBytes: number) {
  let pulled = 0;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ === chunks) return controller.close();
      pulled += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(120));
    },
  });
  return { request: new Request(URL, { method: "POST", body, duplex: "half" } as RequestInit), pulled: () => pulled };
}

describe("readBodyWithin", () => {
  test("returns the exact text, multi-byte characters included, up to the limit", async () => {
    const body = `{"emoji":"🚀","text":"${"x".repeat(100)}"}`;
    expect(await readBodyWithin(new Request(URL, { method: "POST", body }), Buffer.byteLength(body))).toEqual({ ok: true, text: body });
    expect(await readBodyWithin(new Request(URL, { method: "POST", body }), Buffer.byteLength(body) - 1)).toEqual({ ok: false, size: Buffer.byteLength(body) });
  });

  test("refuses a declared Content-Length over the limit without reading the body", async () => {
    const { request, pulled } = streamed(4, 1024);
    request.headers.set("content-length", String(10 * 1024 * 1024));
    expect(await readBodyWithin(request, 1024 * 1024)).toEqual({ ok: false, size: 10 * 1024 * 1024 });
    expect(pulled()).toBeLessThanOrEqual(1024);
  });

  test("stops reading a chunked body once it passes the limit", async () => {
    const { request, pulled } = streamed(1024, 64 * 1024); // 64 MiB offered
    const read = await readBodyWithin(request, 1024 * 1024);
    expect(read.ok).toBe(false);
    expect(pulled()).toBeLessThanOrEqual(1024 * 1024 + 2 * 64 * 1024);
  });

  test("no body reads as empty text", async () => {
    expect(await readBodyWithin(new Request(URL, { method: "POST" }), 10)).toEqual({ ok: true, text: "" });
  });
});
