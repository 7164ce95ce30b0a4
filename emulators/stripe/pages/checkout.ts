// The hosted checkout page (GET /checkout/:id) and its payment step
// (POST /checkout/:id/pay). The success card completes the session and
// redirects 303 to success_url; the declining card shows Stripe's message,
// creates nothing and sends no events.
import type { Hono } from "hono";
import type { EmulatorCore } from "../core.ts";
import { AUTOMATIC } from "../events.ts";
import type { CheckoutSessionObject } from "../objects/checkout-session.ts";
import { successRedirect } from "../objects/checkout-session.ts";
import { TEST_MODE, esc, layout, money, perInterval } from "./html.ts";

export const SUCCESS_CARD = "4242424242424242";
export const DECLINE_CARD = "4000000000000002";
export const DECLINE_MESSAGE = "Your card was declined.";

function summary(core: EmulatorCore, session: CheckoutSessionObject): string {
  const items = core.store.state.checkoutDetails[session.id]?.lineItems ?? [];
  const rows = items
    .map((item) => {
      const price = item.price;
      const product = price && typeof price.product === "string" ? core.store.state.products[price.product] : undefined;
      return `<h2>${esc(product?.name ?? price?.nickname ?? "Subscription")}${item.quantity && item.quantity > 1 ? ` × ${item.quantity}` : ""}</h2>
        <div class="amount">${esc(money(item.amount_total, item.currency))}</div>
        <div class="muted">${esc(perInterval(price?.recurring?.interval))}${product?.description ? ` · ${esc(product.description)}` : ""}</div>`;
    })
    .join("");
  const email = session.customer_details?.email ?? session.customer_email;
  return `<section class="card">${rows}<dl style="margin-top:16px">
      <dt>Email</dt><dd data-testid="customer-email">${esc(email ?? "(entered at checkout)")}</dd>
      <dt>Total due today</dt><dd>${esc(money(session.amount_total, session.currency ?? "usd"))}</dd></dl></section>`;
}

function page(core: EmulatorCore, session: CheckoutSessionObject, error?: string): string {
  if (session.status === "complete") {
    return layout("Payment complete", `<h1>Payment complete ${TEST_MODE}</h1><section class="card"><p>This checkout session is already complete.</p>
      <a class="button primary" href="${esc(successRedirect(session))}">Continue</a></section>`);
  }
  if (session.status === "expired") {
    return layout("Checkout expired", `<h1>This checkout session has expired ${TEST_MODE}</h1>
      ${session.cancel_url ? `<a href="${esc(session.cancel_url)}">Return</a>` : ""}`);
  }
  const action = `/checkout/${esc(session.id)}/pay`;
  const payButton = (card: string, label: string, cls: string) =>
    `<form method="post" action="${action}"><input type="hidden" name="card" value="${card}"><button type="submit" class="${cls}">${label}</button></form>`;
  return layout(
    "Checkout",
    `<h1>Subscribe ${TEST_MODE}</h1>
    <div class="grid">
      ${summary(core, session)}
      <section class="card">
        <h2>Pay with card</h2>
        ${error ? `<div class="alert" role="alert">${esc(error)}</div>` : ""}
        ${payButton(SUCCESS_CARD, "Pay with 4242 4242 4242 4242 (succeeds)", "primary")}
        ${payButton(DECLINE_CARD, "Pay with 4000 0000 0000 0002 (declined)", "secondary")}
        ${session.cancel_url ? `<p><a href="${esc(session.cancel_url)}">← Cancel and return</a></p>` : ""}
      </section>
    </div>`,
  );
}

export function checkoutPages(app: Hono, core: EmulatorCore): void {
  const find = (id: string) => core.store.state.checkoutSessions[id];
  const notFound = () => layout("Not found", `<h1>Checkout session not found</h1><p class="muted">It may belong to another emulator run.</p>`);

  app.get("/checkout/:id", (c) => {
    const session = find(c.req.param("id"));
    return session ? c.html(page(core, session)) : c.html(notFound(), 404);
  });

  app.post("/checkout/:id/pay", async (c) => {
    const session = find(c.req.param("id"));
    if (!session) return c.html(notFound(), 404);
    if (session.status !== "open") return c.html(page(core, session), 409);
    const card = new URLSearchParams(await c.req.text()).get("card")?.replaceAll(" ", "");
    if (card === SUCCESS_CARD) return c.redirect(core.billing.completeCheckout(session, AUTOMATIC), 303);
    const message = card === DECLINE_CARD ? DECLINE_MESSAGE : "Your card number is invalid.";
    return c.html(page(core, session, message), 402);
  });
}
