// Addresses of the e2e stack (scripts/e2e-server.ts starts it from the same values).
import { e2eEnv } from "../../scripts/lib/e2e-env.ts";

const env = e2eEnv();

/** The app as the Auth server knows it (site_url): email links point here, so tests browse here too. */
export const APP_URL = env.NEXT_PUBLIC_SITE_URL;
export const SUPABASE_URL = env.NEXT_PUBLIC_SUPABASE_URL;
export const MAILBOX_URL = env.NEXT_PUBLIC_LOCAL_MAILBOX_URL;
export const SECRET_KEY = env.SUPABASE_SECRET_KEY;
export const PUBLISHABLE_KEY = env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY;
