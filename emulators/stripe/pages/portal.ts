// The customer portal page (GET /portal/:id): the customer's subscriptions,
// plan switches to other prices with the same interval, cancel at period end
// and resume, a return link, and emulator-only controls to end the period or
// fail a renewal payment (what e2e tests need to reach those states).
import type { Hono } from "hono";
import type { EmulatorCore } from "../core.ts";
import { AUTOMATIC } from "../events.ts";
import type { PortalSessionObject } from "../objects/misc.ts";
import { currentPeriod, type SubscriptionObject } from "../objects/subscription.ts";
import { newestFirst } from "../store.ts";
import { TEST_MODE, date, esc, layout, money, perInterval } from "./html.ts";

const ACTIONS = ["switch", "cancel", "resume", "advance", "fail", "retry"] as const;
type PortalAction = (typeof ACTIONS)[number];

const NOTICES: Record<PortalAction, string> = {
  switch: "Your plan has been updated.",
  cancel: "Your plan will be canceled at the end of the billing period.",
  resume: "Your plan will renew as usual.",
  advance: "Advanced to the end of the billing period.",
  fail: "The renewal payment failed.",
  retry: "The payment succeeded.",
};

function subscriptionCard(core: EmulatorCore, session: PortalSessionObject, subscription: SubscriptionObject): string {
  const item = subscription.items.data[0];
  if (!item) return "";
  const productId = typeof item.price.product === "string" ? item.price.product : item.price.product.id;
  const product = core.store.state.products[productId];
  const { end } = currentPeriod(subscription);
  const form = (action: PortalAction, label: string, cls: string, extra = "") =>
    `<form method="post" action="/portal/${esc(session.id)}/${action}"><input type="hidden" name="subscription" value="${esc(subscription.id)}">${extra}<button type="submit" class="${cls}">${label}</button></form>`;
  const when = subscription.cancel_at_period_end || subscription.cancel_at
    ? `<dt>Cancels on</dt><dd data-testid="cancels-on">${esc(date(subscription.cancel_at ?? end))}</dd>`
    : `<dt>Renews on</dt><dd data-testid="renews-on">${esc(date(end))}</dd>`;
  const switches = newestFirst(core.store.state.prices)
    .reverse()
    .filter((p) => p.active && p.id !== item.price.id && p.recurring?.interval === item.price.recurring?.interval)
    .map((price) => {
      const target = typeof price.product === "string" ? core.store.state.products[price.product] : undefined;
      return form("switch", `Switch to ${esc(target?.name ?? price.nickname ?? price.id)} (${esc(money(price.unit_amount, price.currency))} ${esc(perInterval(price.recurring?.interval))})`, "secondary", `<input type="hidden" name="price" value="${esc(price.id)}">`);
    })
    .join("");
  const active = subscription.status === "active" || subscription.status === "past_due" || subscription.status === "trialing";
  return `<section class="card" data-testid="subscription">
    <h2>${esc(product?.name ?? item.price.nickname ?? "Plan")} <span class="muted">${esc(money(item.price.unit_amount, item.price.currency))} ${esc(perInterval(item.price.recurring?.interval))}</span></h2>
    <dl><dt>Status</dt><dd data-testid="status">${esc(subscription.status)}</dd>${when}</dl>
    ${active && !subscription.cancel_at_period_end ? `<h2 style="margin-top:16px">Change plan</h2>${switches}${form("cancel", "Cancel plan", "danger")}` : ""}
    ${active && subscription.cancel_at_period_end ? form("resume", "Don't cancel (renew plan)", "primary") : ""}
    <details style="margin-top:16px"><summary class="muted">Emulator controls</summary>
      ${form("advance", "Advance to period end", "secondary")}
      ${active ? form("fail", "Simulate failed renewal payment", "secondary") : ""}
      ${subscription.status === "past_due" ? form("retry", "Retry payment (succeeds)", "secondary") : ""}
    </details></section>`;
}

function page(core: EmulatorCore, session: PortalSessionObject, notice: string | undefined): string {
  const customer = core.store.liveCustomer(session.customer);
  const subscriptions = newestFirst(core.store.state.subscriptions).filter(
    (s) => s.customer === session.customer && s.status !== "canceled" && s.status !== "incomplete_expired",
  );
  return layout(
    "Billing portal",
    `<h1>Manage billing ${TEST_MODE}</h1>
    ${notice ? `<div class="notice" role="status">${esc(notice)}</div>` : ""}
    <p class="muted">${esc(customer?.email ?? session.customer)}</p>
    ${subscriptions.map((s) => subscriptionCard(core, session, s)).join("") || `<section class="card"><p>No active subscription.</p></section>`}
    ${session.return_url ? `<a class="button secondary" href="${esc(session.return_url)}">Return to app</a>` : ""}`,
  );
}

export function portalPages(app: Hono, core: EmulatorCore): void {
  const find = (id: string) => core.store.state.portalSessions[id];
  const notFound = () => layout("Not found", `<h1>Portal session not found</h1>`);

  app.get("/portal/:id", (c) => {
    const session = find(c.req.param("id"));
    if (!session) return c.html(notFound(), 404);
    const notice = ACTIONS.find((a) => a === c.req.query("done"));
    return c.html(page(core, session, notice ? NOTICES[notice] : undefined));
  });

  app.post("/portal/:id/:action", async (c) => {
    const session = find(c.req.param("id"));
    const action = ACTIONS.find((a) => a === c.req.param("action"));
    if (!session || !action) return c.html(notFound(), 404);
    const form = new URLSearchParams(await c.req.text());
    const subscription = core.store.state.subscriptions[form.get("subscription") ?? ""];
    if (!subscription || subscription.customer !== session.customer || subscription.status === "canceled") {
      return c.html(layout("Not found", `<h1>Subscription not found for this customer</h1>`), 404);
    }
    const { billing } = core;
    const item = subscription.items.data[0];
    if (action === "switch") {
      const price = core.store.state.prices[form.get("price") ?? ""];
      if (!price || !item || price.recurring?.interval !== item.price.recurring?.interval) {
        return c.html(layout("Invalid plan", `<h1>That plan is not available</h1>`), 400);
      }
      billing.updateSubscription(subscription, { items: [{ id: item.id, price, param: "items[0]" }] }, AUTOMATIC);
    }
    if (action === "cancel") billing.updateSubscription(subscription, { cancelAtPeriodEnd: true }, AUTOMATIC);
    if (action === "resume") billing.updateSubscription(subscription, { cancelAtPeriodEnd: false }, AUTOMATIC);
    if (action === "advance") billing.advancePeriod(subscription, AUTOMATIC);
    if (action === "fail") billing.advancePeriod(subscription, AUTOMATIC, "failed");
    if (action === "retry") billing.retryPayment(subscription, AUTOMATIC);
    return c.redirect(`/portal/${session.id}?done=${action}`, 303);
  });
}
