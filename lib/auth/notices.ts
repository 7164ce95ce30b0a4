// One-line messages that pages show after a redirect (`?notice=` and
// `?error=` in the URL). Only these keys are shown: the text never comes
// from the URL itself.
export type Notice = { tone: "success" | "info" | "error"; title: string; body?: string };

const NOTICES: Record<string, Notice> = {
  signed_out: { tone: "info", title: "You've signed out." },
  password_updated: { tone: "success", title: "Password updated.", body: "Sign in with your new password." },
  account_deleted: { tone: "info", title: "Your account was deleted.", body: "We're sorry to see you go." },
  email_confirmed: { tone: "success", title: "Email confirmed.", body: "Sign in to continue." },
  link_expired: {
    tone: "error",
    title: "That link has expired or was already used.",
    body: "Links in our emails work once and for an hour. Request a new one below.",
  },
  link_other_browser: {
    tone: "info",
    title: "Your email address is confirmed.",
    body: "The link was opened in a different browser from the one you signed up in, so sign in here to continue.",
  },
  reset_link_other_browser: {
    tone: "error",
    title: "Open the reset link in the browser where you asked for it.",
    body: "Or request a new link here.",
  },
  reset_link_expired: {
    tone: "error",
    title: "That reset link has expired or was already used.",
    body: "Enter your email to get a new one.",
  },
  confirm_other_email: {
    tone: "info",
    title: "One more step.",
    body: "We also sent a link to your other email address. Open it to finish changing your email.",
  },
  email_changed: { tone: "success", title: "Your email address was changed." },
};

export function noticeFor(key: unknown): Notice | undefined {
  return typeof key === "string" && Object.hasOwn(NOTICES, key) ? NOTICES[key] : undefined;
}

/** The first value of a search param, or undefined. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
