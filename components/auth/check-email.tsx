"use client";
// The "check your email" screen after sign-up or a reset request. It says the
// same thing whether or not the address has an account, and in local
// development links to the local mailbox where the email landed.
import { useEffect, useRef, type ReactNode } from "react";

/**
 * `conditional`: the address may have no account (password reset), so the
 * screen says "if" rather than claiming an email was sent.
 */
export function CheckEmail({ email, children, mailboxUrl, conditional = false }: { email?: string; children?: ReactNode; mailboxUrl?: string; conditional?: boolean }) {
  // The form this screen replaces had focus; move it to the heading so the news is read out and Tab starts here.
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const address = email ? <strong className="font-medium break-all text-fg">{email}</strong> : "that address";
  return (
    <div className="flex flex-col gap-4" role="status">
      <div className="flex size-11 items-center justify-center rounded-full bg-accent/12 text-accent" aria-hidden="true">
        <svg viewBox="0 0 24 24" className="size-5 fill-none stroke-current stroke-2">
          <path d="M4 6h16v12H4z" strokeLinejoin="round" />
          <path d="m4 7 8 6 8-6" strokeLinejoin="round" />
        </svg>
      </div>
      <div className="flex flex-col gap-1.5">
        <h2 ref={headingRef} tabIndex={-1} className="text-lg font-semibold tracking-tight outline-none">
          Check your email
        </h2>
        <p className="text-sm text-muted">
          {conditional ? <>If an account uses {address}, we&apos;ve sent it a link.</> : <>We sent a link to {address}.</>} It expires in an
          hour. If it doesn&apos;t arrive within a few minutes, check your spam folder.
        </p>
      </div>
      {children}
      {mailboxUrl && (
        <p className="text-xs text-muted">
          Local development:{" "}
          <a href={mailboxUrl} target="_blank" rel="noreferrer" className="underline hover:text-fg">
            open the local mailbox
          </a>
        </p>
      )}
    </div>
  );
}
