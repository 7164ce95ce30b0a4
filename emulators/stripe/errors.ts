// Errors in Stripe's shape: `{ error: { type, code, message, param, doc_url } }`
// with the HTTP status Stripe uses, so the SDK raises the same error classes
// (StripeInvalidRequestError, StripeAuthenticationError, StripeIdempotencyError).

export type StripeErrorType = "invalid_request_error" | "idempotency_error" | "api_error";

export interface StripeErrorBody {
  error: {
    type: StripeErrorType;
    message: string;
    code?: string;
    param?: string;
    doc_url?: string;
    request_log_url?: string;
  };
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }

  body(requestId: string): StripeErrorBody {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code ? { code: this.code, doc_url: `https://stripe.com/docs/error-codes/${this.code.replaceAll("_", "-")}` } : {}),
        ...(this.param ? { param: this.param } : {}),
        request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}`,
      },
    };
  }
}

export const missingParam = (param: string) =>
  new StripeApiError(400, "invalid_request_error", `Missing required param: ${param}.`, "parameter_missing", param);

export const invalidParam = (param: string, message: string, code = "parameter_invalid_string") =>
  new StripeApiError(400, "invalid_request_error", message, code, param);

/** `No such customer: 'cus_x'` (404 for the path's own id, 400 when a param names it). */
export const noSuch = (kind: string, id: string, param?: string) =>
  new StripeApiError(param ? 400 : 404, "invalid_request_error", `No such ${kind}: '${id}'`, "resource_missing", param ?? "id");

export const unrecognizedUrl = (method: string, path: string) =>
  new StripeApiError(
    404,
    "invalid_request_error",
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  );

export const missingApiKey = () =>
  new StripeApiError(
    401,
    "invalid_request_error",
    "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
  );

export const invalidApiKey = (key: string) =>
  new StripeApiError(
    401,
    "invalid_request_error",
    `Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(Math.max(4, key.length - 12))}${key.length > 12 ? key.slice(-4) : ""}`,
  );
