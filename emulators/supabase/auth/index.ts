// The Auth API (/auth/v1): GoTrue's HTTP contract over auth.* in the emulator's
// Postgres, with every email it sends delivered to the local mailbox.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { EmulatorContext } from "../context.ts";
import type { Mailbox } from "../mailbox.ts";
import type { AuthDeps } from "./deps.ts";
import { AuthError, errorResponse, UNEXPECTED_FAILURE } from "./errors.ts";
import { RateLimits } from "./rate-limits.ts";
import { adminRoutes } from "./routes/admin.ts";
import { externalRoutes } from "./routes/external.ts";
import { factorRoutes } from "./routes/factors.ts";
import { generateLinkRoutes } from "./routes/generate-link.ts";
import { inviteRoutes } from "./routes/invite.ts";
import { metaRoutes } from "./routes/meta.ts";
import { recoverRoutes } from "./routes/recover.ts";
import { signupRoutes } from "./routes/signup.ts";
import { tokenRoutes } from "./routes/token.ts";
import { userRoutes } from "./routes/user.ts";
import { verifyRoutes } from "./routes/verify.ts";
import { schemaGuard } from "./schema.ts";
import { authSettings } from "./settings.ts";

/** GoTrue reads at most 1 MiB of a request body. */
const MAX_BODY_BYTES = 1 << 20;

export function createAuthApp(ctx: EmulatorContext, mailbox: Mailbox): Hono {
  const settings = authSettings(ctx);
  const deps: AuthDeps = { ctx, settings, limits: new RateLimits(settings), mailbox };
  const ensureSchema = schemaGuard(ctx.pool);

  const app = new Hono();
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => errorResponse(c, new AuthError(413, "request_entity_too_large", `Request body too large (max ${MAX_BODY_BYTES} bytes)`)),
    }),
  );
  app.use("*", async (_c, next) => {
    await ensureSchema();
    await next();
  });

  metaRoutes(app, deps);
  signupRoutes(app, deps);
  tokenRoutes(app, deps);
  verifyRoutes(app, deps);
  userRoutes(app, deps);
  recoverRoutes(app, deps);
  adminRoutes(app, deps); // registers the service-role check for /admin/* first
  generateLinkRoutes(app, deps);
  inviteRoutes(app, deps);
  externalRoutes(app, deps);
  factorRoutes(app, deps);

  app.notFound((c) => c.text("404 page not found", 404));
  app.onError((error, c) => {
    if (error instanceof AuthError) {
      if (error.status >= 500) ctx.log(`[auth] ${c.req.method} ${c.req.path}: ${error.message}${error.internalDetail ? ` (${error.internalDetail})` : ""}`);
      return errorResponse(c, error);
    }
    ctx.log(`[auth] ${c.req.method} ${c.req.path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return errorResponse(c, new AuthError(500, "unexpected_failure", UNEXPECTED_FAILURE));
  });
  return app;
}
