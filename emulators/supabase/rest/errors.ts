// Errors in PostgREST's shape: {code, message, details, hint} with the HTTP
// status PostgREST gives each one (src/PostgREST/Error.hs, v13). Every failure
// the REST API reports is a RestError, so the route handler has one exit path.

/** PGRST201 lists the candidate relationships as objects; every other details is text. */
export type ErrorDetails = string | Record<string, string>[] | null;

export interface RestErrorBody {
  code: string;
  message: string;
  details: ErrorDetails;
  hint: string | null;
}

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetails = null,
    readonly hint: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): RestErrorBody {
    return { code: this.code, details: this.details, hint: this.hint, message: this.message };
  }
}

// PGRST1xx: the request itself ------------------------------------------------

/** A query parameter that does not parse, with Parsec's position-style message. */
export function parseError(what: string, input: string, column: number, details: string): RestError {
  return new RestError(400, "PGRST100", `"failed to parse ${what} (${input})" (line 1, column ${column})`, details);
}

export function invalidBody(message: string): RestError {
  return new RestError(400, "PGRST102", message);
}

export function invalidRange(details: string, status = 416): RestError {
  return new RestError(status, "PGRST103", "Requested range not satisfiable", details);
}

export function unacceptableSchema(schema: string, exposed: string[]): RestError {
  return new RestError(406, "PGRST106", `Invalid schema: ${schema}`, null, `Only the following schemas are exposed: ${exposed.join(", ")}`);
}

export function mediaTypeError(accepted: string[]): RestError {
  return new RestError(406, "PGRST107", `None of these media types are available: ${accepted.join(", ")}`);
}

export function notEmbedded(resource: string): RestError {
  return new RestError(
    400,
    "PGRST108",
    `'${resource}' is not an embedded resource in this request`,
    null,
    `Verify that '${resource}' is included in the 'select' query parameter.`,
  );
}

export function singularityError(rows: number): RestError {
  return new RestError(406, "PGRST116", "Cannot coerce the result to a single JSON object", `The result contains ${rows} rows`);
}

export function unsupportedMethod(method: string): RestError {
  return new RestError(405, "PGRST117", `Unsupported HTTP method: ${method}`);
}

export function relatedOrderNotToOne(origin: string, target: string): RestError {
  return new RestError(
    400,
    "PGRST118",
    `A related order on '${target}' is not possible`,
    `'${origin}' and '${target}' do not form a many-to-one or one-to-one relationship`,
  );
}

export function invalidPreferences(prefs: string[]): RestError {
  return new RestError(400, "PGRST122", "Invalid preferences given with handling=strict", `Invalid preferences: ${prefs.join(", ")}`);
}

export function aggregatesNotAllowed(): RestError {
  return new RestError(400, "PGRST123", "Use of aggregate functions is not allowed");
}

export function maxAffectedViolation(rows: number): RestError {
  return new RestError(400, "PGRST124", "Query result exceeds max-affected preference constraint", `The query affects ${rows} rows`);
}

export function invalidResourcePath(): RestError {
  return new RestError(404, "PGRST125", "Invalid path specified in request URL");
}

/** GET / : the emulator does not generate OpenAPI, as PostgREST with openapi-mode=disabled. */
export function openApiDisabled(): RestError {
  return new RestError(404, "PGRST126", "Root endpoint metadata is disabled");
}

export function payloadTooLarge(size: number, limit: number): RestError {
  return new RestError(413, "PGRST102", "Payload too large", `The request body is ${size} bytes; the limit is ${limit} bytes`);
}

// PGRST2xx: the schema cache -------------------------------------------------

export function tableNotFound(schema: string, table: string, suggestion: string | null): RestError {
  return new RestError(
    404,
    "PGRST205",
    `Could not find the table '${schema}.${table}' in the schema cache`,
    null,
    suggestion ? `Perhaps you meant the table '${schema}.${suggestion}'` : null,
  );
}

export function columnNotFound(table: string, column: string): RestError {
  return new RestError(400, "PGRST204", `Could not find the '${column}' column of '${table}' in the schema cache`);
}

/** What Postgres answers for an unknown column; PostgREST passes that error through. */
export function undefinedColumn(relation: string, column: string): RestError {
  return new RestError(400, "42703", `column ${relation}.${column} does not exist`);
}

export function undefinedType(type: string): RestError {
  return new RestError(400, "42704", `type "${type}" does not exist`);
}

// PGRST3xx: JWT ------------------------------------------------------------------

function jwtHeader(message: string): Record<string, string> {
  return { "WWW-Authenticate": `Bearer error="invalid_token", error_description="${message}"` };
}

/** PGRST301: the token cannot be decoded or its signature/algorithm is wrong. */
export function jwtDecodeError(message: string): RestError {
  return new RestError(401, "PGRST301", message, null, null, jwtHeader(message));
}

/** PGRST303: the token decodes but a claim is invalid (expired, not yet valid...). */
export function jwtClaimsError(message: string): RestError {
  return new RestError(401, "PGRST303", message, null, null, jwtHeader(message));
}
