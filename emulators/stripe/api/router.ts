// The /v1 request pipeline: Bearer key auth, Stripe-Version, form/query
// parsing, idempotency keys, the handler, `expand[]`, and errors in Stripe's
// shape. Handlers are plain functions that read Params and return an object.
import { createHash } from "node:crypto";
import type { Context, Hono } from "hono";
import { STRIPE_API_VERSION } from "../api-version.ts";
import { StripeApiError, invalidApiKey, missingApiKey, unrecognizedUrl } from "../errors.ts";
import type { EmitContext } from "../events.ts";
import { applyExpand, type ExpandResolver } from "../expand.ts";
import { FormSyntaxError, parseForm } from "../form.ts";
import { newId } from "../ids.ts";
import { Params } from "../params.ts";

export interface ApiCall {
  params: Params;
  /** A path parameter (`:id`). */
  path(name: string): string;
  context: EmitContext;
}

type Method = "GET" | "POST" | "DELETE";
export type ApiHandler = (call: ApiCall) => unknown;

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: string;
}

export interface RouterOptions {
  resolver: ExpandResolver;
  /** Called after every successful POST/DELETE, to persist state. */
  afterWrite: () => void;
  log: (line: string) => void;
}

const MAX_IDEMPOTENCY_KEYS = 10_000;
const VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

export class ApiRouter {
  private readonly routes: { method: Method; pattern: string; handler: ApiHandler }[] = [];
  private readonly idempotent = new Map<string, StoredResponse>();
  private readonly warnedVersions = new Set<string>();

  constructor(private readonly options: RouterOptions) {}

  get(pattern: string, handler: ApiHandler): void {
    this.routes.push({ method: "GET", pattern, handler });
  }
  post(pattern: string, handler: ApiHandler): void {
    this.routes.push({ method: "POST", pattern, handler });
  }
  delete(pattern: string, handler: ApiHandler): void {
    this.routes.push({ method: "DELETE", pattern, handler });
  }

  mount(app: Hono): void {
    for (const route of this.routes) {
      app.on(route.method, route.pattern, (c) => this.handle(c, route.method, route.handler));
    }
    app.all("/v1/*", (c) => this.handle(c, c.req.method as Method, null));
  }

  private async handle(c: Context, method: Method, handler: ApiHandler | null): Promise<Response> {
    const requestId = newId("request");
    const requestedVersion = c.req.header("stripe-version");
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "request-id": requestId,
      "stripe-version": requestedVersion ?? STRIPE_API_VERSION,
      "access-control-allow-origin": "*",
    };
    const respond = (status: number, body: string, extra: Record<string, string> = {}) =>
      new Response(body, { status, headers: { ...headers, ...extra } });
    const fail = (error: StripeApiError) => respond(error.status, JSON.stringify(error.body(requestId), null, 2));

    try {
      authenticate(c.req.header("authorization"));
      if (requestedVersion !== undefined) this.checkVersion(requestedVersion);
      if (!handler) throw unrecognizedUrl(method, new URL(c.req.url).pathname);

      const raw = method === "POST" ? await c.req.text() : new URL(c.req.url).search.slice(1);
      const params = new Params(parseForm(raw));
      const key = method === "POST" ? c.req.header("idempotency-key") : undefined;
      const fingerprint = createHash("sha256").update(`${method} ${new URL(c.req.url).pathname}\n${raw}`).digest("hex");
      if (key) {
        const previous = this.idempotent.get(key);
        if (previous && previous.fingerprint !== fingerprint) {
          throw new StripeApiError(
            400,
            "idempotency_error",
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          );
        }
        if (previous) return respond(previous.status, previous.body, { "idempotent-replayed": "true", "idempotency-key": key });
      }

      const expand = params.strings("expand") ?? [];
      const result = handler({
        params,
        path: (name) => c.req.param(name) ?? "",
        context: { requestId, idempotencyKey: key ?? null },
      });
      const body = structuredClone(result);
      applyExpand(body, expand, this.options.resolver);
      const unread = params.unread();
      if (unread.length > 0) this.options.log(`[stripe] ${method} ${new URL(c.req.url).pathname}: ignored unsupported params ${unread.join(", ")}`);
      const text = JSON.stringify(body, null, 2);
      if (method !== "GET") this.options.afterWrite();
      if (key) this.remember(key, { fingerprint, status: 200, body: text });
      return respond(200, text, key ? { "idempotency-key": key } : {});
    } catch (error) {
      if (error instanceof StripeApiError) return fail(error);
      if (error instanceof FormSyntaxError) return fail(new StripeApiError(400, "invalid_request_error", error.message));
      this.options.log(`[stripe] ${method} ${c.req.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fail(new StripeApiError(500, "api_error", "An unexpected error occurred in the local Stripe emulator."));
    }
  }

  /** The SDK keys every POST, so keep only the most recent keys (Stripe keeps them 24 hours). */
  private remember(key: string, response: StoredResponse): void {
    this.idempotent.set(key, response);
    if (this.idempotent.size > MAX_IDEMPOTENCY_KEYS) {
      const oldest = this.idempotent.keys().next().value;
      if (oldest !== undefined) this.idempotent.delete(oldest);
    }
  }

  private checkVersion(version: string): void {
    if (!VERSION_PATTERN.test(version)) {
      throw new StripeApiError(400, "invalid_request_error", `Invalid Stripe API version: ${version}`);
    }
    if (version !== STRIPE_API_VERSION && !this.warnedVersions.has(version)) {
      this.warnedVersions.add(version);
      this.options.log(`[stripe] requests ask for API version ${version}; the emulator renders ${STRIPE_API_VERSION} only`);
    }
  }
}

/** Any test-mode secret or restricted key: `Authorization: Bearer sk_test_…` (or HTTP Basic with the key as user). */
function authenticate(header: string | undefined): void {
  if (!header) throw missingApiKey();
  let key = "";
  const [scheme, value = ""] = header.split(" ", 2);
  if (scheme?.toLowerCase() === "bearer") key = value.trim();
  else if (scheme?.toLowerCase() === "basic") key = Buffer.from(value, "base64").toString("utf8").split(":")[0] ?? "";
  if (!key) throw missingApiKey();
  if (!/^(sk|rk)_test_\w+$/.test(key)) throw invalidApiKey(key);
}
