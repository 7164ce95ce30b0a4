import Link from "next/link";

const features = [
  { title: "Projects for teams", body: "Invite people by email, give them owner, admin, member or viewer roles, and keep a trash you can restore from." },
  { title: "Background jobs", body: "Queue work that runs outside the request, watch its progress live, and download what it produces." },
  { title: "Billing that stays in sync", body: "Stripe Checkout and the customer portal, with webhooks applied once, in order, in one transaction." },
];

export default function LandingPage() {
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-16 px-6 py-16 sm:py-24">
      <header className="flex items-center justify-between">
        <span className="text-lg font-semibold tracking-tight">Launchpad</span>
        <nav className="flex items-center gap-4 text-sm">
          <Link href="/pricing" className="text-muted hover:text-fg">Pricing</Link>
          <Link href="/login" className="text-muted hover:text-fg">Sign in</Link>
          <Link href="/signup" className="rounded-md bg-accent px-3 py-1.5 font-medium text-accent-fg hover:opacity-90">Get started</Link>
        </nav>
      </header>

      <section className="flex flex-col gap-6">
        <h1 className="max-w-3xl text-4xl font-semibold tracking-tight sm:text-5xl">
          Run your team&apos;s projects and jobs, and get paid for it.
        </h1>
        <p className="max-w-2xl text-lg text-muted">
          Launchpad is a SaaS starter on Next.js, Supabase and Stripe. Sign up, create a project, invite your team,
          run jobs and upgrade your plan — every table guarded by row level security.
        </p>
        <div className="flex flex-wrap gap-3">
          <Link href="/signup" className="rounded-md bg-accent px-4 py-2 font-medium text-accent-fg hover:opacity-90">
            Create your account
          </Link>
          <Link href="/pricing" className="rounded-md border border-border px-4 py-2 font-medium hover:bg-surface">
            See pricing
          </Link>
        </div>
      </section>

      <section aria-label="Features" className="grid gap-4 sm:grid-cols-3">
        {features.map((feature) => (
          <article key={feature.title} className="rounded-lg border border-border bg-surface p-5">
            <h2 className="font-medium">{feature.title}</h2>
            <p className="mt-2 text-sm text-muted">{feature.body}</p>
          </article>
        ))}
      </section>
    </main>
  );
}
