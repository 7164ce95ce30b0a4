// GoTrue's rate limits, kept in memory (internal/api/apilimiter):
// - per client, a token bucket per endpoint (tollbooth): it refills at
//   `limit / 5 minutes` and holds a burst of 30 requests;
// - for the whole instance, at most `email_sent` emails per fixed hour window.
//
// GoTrue keys a client by the header named in GOTRUE_RATE_LIMIT_HEADER and
// skips the per-client limits for requests without it; hosted Supabase's
// gateway always sets it, `supabase start` sets none. The emulator keys on
// X-Forwarded-For the same way, so a proxy (or a test) that forwards the
// client's address gets hosted behaviour, while the shared local stack that
// every test and the dev server use is not throttled.
import type { Context } from "hono";
import { tooManyRequests } from "./errors.ts";
import type { AuthSettings } from "./settings.ts";

const BURST = 30;
const FIVE_MINUTES = 300;

class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perSecond: number) {}

  allow(key: string, now = Date.now()): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: BURST, at: now };
    bucket.tokens = Math.min(BURST, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.forgetFullBuckets();
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private forgetFullBuckets(): void {
    for (const [key, bucket] of this.buckets) if (bucket.tokens >= BURST - 1) this.buckets.delete(key);
  }
}

/** GoTrue's IntervalLimiter: `events` per window, the count resetting at each window boundary. */
class IntervalLimiter {
  private windowStart = Date.now();
  private count = 0;

  constructor(
    private readonly events: number,
    private readonly windowMs: number,
  ) {}

  allow(now = Date.now()): boolean {
    const windows = Math.floor((now - this.windowStart) / this.windowMs);
    if (windows > 0) {
      this.windowStart += windows * this.windowMs;
      this.count = 0;
    }
    if (this.count < this.events) {
      this.count++;
      return true;
    }
    return false;
  }
}

export type ClientLimit = "signup" | "recover" | "resend" | "otp" | "magiclink" | "user" | "token" | "verify";

export class RateLimits {
  private readonly perClient: Record<ClientLimit, TokenBucketLimiter>;
  private readonly email: IntervalLimiter | null;

  constructor(settings: AuthSettings) {
    const per5Min = (limit: number) => new TokenBucketLimiter(limit / FIVE_MINUTES);
    const { rateLimits } = settings;
    this.perClient = {
      signup: per5Min(rateLimits.otpPer5Min),
      recover: per5Min(rateLimits.otpPer5Min),
      resend: per5Min(rateLimits.otpPer5Min),
      otp: per5Min(rateLimits.otpPer5Min),
      magiclink: per5Min(rateLimits.otpPer5Min),
      user: per5Min(rateLimits.otpPer5Min),
      token: per5Min(rateLimits.tokenPer5Min),
      verify: per5Min(rateLimits.verifyPer5Min),
    };
    this.email = rateLimits.emailSentPerHour === null ? null : new IntervalLimiter(rateLimits.emailSentPerHour, 3_600_000);
  }

  /** Refuses with 429 over_request_rate_limit when this client has used up its requests. */
  checkClient(c: Context, limit: ClientLimit): void {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (!forwarded) return;
    if (!this.perClient[limit].allow(forwarded)) {
      throw tooManyRequests("over_request_rate_limit", "Request rate limit reached");
    }
  }

  /** Counts one outgoing email against the hourly allowance; false when it is used up. */
  allowEmail(): boolean {
    return this.email ? this.email.allow() : true;
  }
}
