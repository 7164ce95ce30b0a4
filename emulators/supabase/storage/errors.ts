// Errors in Supabase Storage's shape. Storage renders every handled error as
// `{ statusCode: "<logical status>", code, error, message }` and answers with
// HTTP 400 unless the logical status is 500 (or the route forces another one),
// so storage-js's StorageApiError carries status 400 and statusCode "404" etc.
// Names, codes and messages follow supabase/storage src/internal/errors/codes.ts.

export type StorageErrorCode =
  | "NoSuchBucket"
  | "NoSuchKey"
  | "InvalidJWT"
  | "InvalidRequest"
  | "EntityTooLarge"
  | "InternalError"
  | "ResourceAlreadyExists"
  | "ResourceNotEmpty"
  | "InvalidBucketName"
  | "InvalidKey"
  | "InvalidMimeType"
  | "KeyAlreadyExists"
  | "BucketAlreadyExists"
  | "InvalidSignature"
  | "AccessDenied"
  | "ResourceLocked"
  | "ResourceReferenced"
  | "DatabaseError"
  | "DatabaseTimeout"
  | "InvalidParameter"
  | "InvalidRange"
  | "FeatureNotEnabled";

export class StorageApiError extends Error {
  /** The HTTP status actually sent; Storage maps everything but 500 to 400. */
  httpStatus: number;

  constructor(
    readonly code: StorageErrorCode,
    /** The logical status rendered as the string `statusCode`. */
    readonly statusCode: number,
    message: string,
    /** Storage's backwards-compatible `error` field; defaults to the code. */
    readonly errorName: string = code,
  ) {
    super(message);
    this.httpStatus = statusCode === 500 ? 500 : 400;
  }

  /** Routes that enforce a role answer with the real status (e.g. 403). */
  withHttpStatus(status: number): this {
    this.httpStatus = status;
    return this;
  }

  body() {
    return { statusCode: String(this.statusCode), code: this.code, error: this.errorName, message: this.message };
  }
}

export const ERRORS = {
  noSuchBucket: () => new StorageApiError("NoSuchBucket", 404, "Bucket not found", "Bucket not found"),
  noSuchKey: () => new StorageApiError("NoSuchKey", 404, "Object not found", "not_found"),
  invalidJwt: (message: string) => new StorageApiError("InvalidJWT", 400, message || "Invalid JWT"),
  invalidRequest: (message: string) => new StorageApiError("InvalidRequest", 400, message || "Invalid Request"),
  /** Request validation (Storage's JSON-schema errors, Ajv wording). */
  validation: (message: string) => new StorageApiError("InvalidRequest", 400, message, "Error"),
  accessDenied: (message = "Access denied") => new StorageApiError("AccessDenied", 403, message, "Unauthorized"),
  entityTooLarge: (entity = "object", limit = "the maximum allowed size") =>
    new StorageApiError("EntityTooLarge", 413, `The ${entity} exceeded ${limit}`, "Payload too large"),
  invalidMimeType: (mimeType: string) =>
    new StorageApiError("InvalidMimeType", 415, `mime type ${mimeType} is not supported`, "invalid_mime_type"),
  invalidBucketName: () => new StorageApiError("InvalidBucketName", 400, "Bucket name invalid", "Invalid Input"),
  invalidKey: (key: string) => new StorageApiError("InvalidKey", 400, `Invalid key: ${key}`),
  invalidFileSizeLimit: () =>
    new StorageApiError("InvalidRequest", 400, "Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B"),
  keyAlreadyExists: () => new StorageApiError("KeyAlreadyExists", 409, "The resource already exists", "Duplicate"),
  bucketAlreadyExists: () => new StorageApiError("BucketAlreadyExists", 409, "The resource already exists", "Duplicate"),
  resourceAlreadyExists: () =>
    new StorageApiError("ResourceAlreadyExists", 409, "The resource already exists", "Duplicate"),
  bucketNotEmpty: () => new StorageApiError("ResourceNotEmpty", 409, "The bucket you tried to delete is not empty"),
  invalidParameter: (name: string) => new StorageApiError("InvalidParameter", 400, `Invalid Parameter ${name}`),
  noContentProvided: () => new StorageApiError("InvalidRequest", 400, "No content provided"),
  invalidSignature: (message = "Invalid signature") => new StorageApiError("InvalidSignature", 400, message),
  relatedResourceNotFound: () =>
    new StorageApiError("InvalidRequest", 404, "The related resource does not exist"),
  internal: (message = "Internal server error") => new StorageApiError("InternalError", 500, message),
};

/** The route-not-found answer Storage's REST routers give (a real HTTP 404). */
export function routeNotFound(method: string, url: string) {
  return {
    statusCode: "404",
    error: "Not Found",
    message: `Route ${method}:${url} not found`,
    code: "InvalidRequest",
  };
}

interface PgError {
  code: string;
  message: string;
  detail?: string;
  severity?: string;
}

export function isPgError(error: unknown): error is PgError {
  return (
    error instanceof Error &&
    typeof (error as Partial<PgError>).code === "string" &&
    typeof (error as Partial<PgError>).severity === "string"
  );
}

/** Storage's DBError.fromDBError: the Postgres error codes RLS and constraints raise. */
export function fromPgError(error: PgError): StorageApiError {
  switch (error.code) {
    case "42501":
      return ERRORS.accessDenied(
        error.message.includes("row-level security") ? "new row violates row-level security policy" : error.message,
      );
    case "23505":
      return ERRORS.resourceAlreadyExists();
    case "23503":
      return error.detail?.includes("is still referenced from table")
        ? new StorageApiError(
            "ResourceReferenced",
            409,
            "The resource could not be updated or removed due to a foreign key constraint",
          )
        : ERRORS.relatedResourceNotFound();
    case "55P03":
      return new StorageApiError("ResourceLocked", 423, "The resource is locked");
    case "57014":
      return new StorageApiError("DatabaseTimeout", 544, "The connection to the database timed out").withHttpStatus(544);
    case "22P02":
      return new StorageApiError("InvalidParameter", 400, error.message || "Invalid value format or type conversion failed");
    default:
      return new StorageApiError("DatabaseError", 500, `database error, code: ${error.code}`);
  }
}

/** Any thrown value as a Storage error; unknown ones become a 500 InternalError. */
export function toStorageError(error: unknown): StorageApiError {
  if (error instanceof StorageApiError) return error;
  if (isPgError(error)) return fromPgError(error);
  return ERRORS.internal(error instanceof Error ? error.message : "Internal server error");
}
