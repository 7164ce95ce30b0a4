import type { NextConfig } from "next";

/** Where the browser may load from and connect to, besides this site. */
export interface CspSources {
  /** `next dev`: React's dev tools and Turbopack's HMR need eval and a websocket. */
  dev: boolean;
  /** NEXT_PUBLIC_SUPABASE_URL: avatars are served from Storage and uploaded to it from the browser. */
  supabaseUrl?: string;
  /** STRIPE_API_URL (the local emulator): its hosted checkout and portal pages are where billing forms lead. */
  stripeApiUrl?: string;
}

function originOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    return [new URL(url).origin];
  } catch {
    return []; // instrumentation.ts names the bad variable at start-up
  }
}

/**
 * The Content-Security-Policy. Next's inline bootstrap scripts need
 * 'unsafe-inline' without per-request nonces; the rest is strict: no
 * framing, no plugins, no <base> hijack, images and API calls only from this
 * site and Supabase (an avatar_url set to a third-party tracker doesn't
 * load), and forms only to this site and Stripe's hosted pages (where
 * Upgrade and Manage billing redirect before hydration).
 */
export function contentSecurityPolicy({ dev, supabaseUrl, stripeApiUrl }: CspSources): string {
  const supabase = originOf(supabaseUrl);
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...supabase],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...supabase, ...(dev ? ["ws:", "wss:"] : [])],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'", "https://checkout.stripe.com", "https://billing.stripe.com", ...originOf(stripeApiUrl)],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

export function securityHeaders(sources: CspSources) {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(sources) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" },
  ];
}

const nextConfig: NextConfig = {
  typedRoutes: true,
  poweredByHeader: false,
  async headers() {
    const headers = securityHeaders({
      dev: process.env.NODE_ENV === "development",
      supabaseUrl: process.env.NEXT_PUBLIC_SUPABASE_URL,
      stripeApiUrl: process.env.STRIPE_API_URL,
    });
    return [{ source: "/:path*", headers }];
  },
};

export default nextConfig;
