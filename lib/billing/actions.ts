"use server";
// Upgrade (Stripe Checkout) and Manage billing (customer portal). Both send
// the browser to a Stripe-hosted page; the plan itself changes only when the
// webhook applies Stripe's events, never because a redirect came back.
import { redirect } from "next/navigation";
import { action, ActionError } from "@/lib/action";
import { publicEnv } from "@/lib/env";
import { createAdminClient } from "@/lib/supabase/admin";
import { findCustomerId, getOrCreateCustomer } from "./customers";
import { PLANS, hasLiveSubscription } from "./plans";
import { findPlanPrice } from "./prices";
import { checkoutInputSchema, portalInputSchema } from "./schema";
import { stripe } from "./stripe";

export const createCheckoutSession = action(checkoutInputSchema, async ({ plan, interval }, { supabase, user }) => {
  // One subscription per user: plan changes go through the portal, so a
  // second Checkout can never bill someone twice.
  const { data: current, error } = await supabase.from("subscriptions").select("status, tier").eq("user_id", user.id).maybeSingle();
  if (error) throw new Error(`Could not read the subscription: ${error.message}`);
  if (current && hasLiveSubscription(current.status)) {
    throw new ActionError(`You already have the ${PLANS[current.tier].name} plan. Use Manage billing to switch plans or cancel.`);
  }

  const price = await findPlanPrice(plan, interval);
  if (!price) throw new ActionError(`The ${PLANS[plan].name} plan is not available for ${interval}ly billing right now.`);

  const client = stripe();
  const customer = await getOrCreateCustomer(user, { admin: createAdminClient(), stripe: client });
  const { siteUrl } = publicEnv();
  const session = await client.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: user.id,
    line_items: [{ price: price.priceId, quantity: 1 }],
    subscription_data: { metadata: { user_id: user.id } },
    metadata: { user_id: user.id },
    success_url: `${siteUrl}/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${siteUrl}/billing?checkout=cancelled`,
  });
  if (!session.url) throw new Error(`Checkout session ${session.id} has no URL`);
  redirect(session.url);
});

export const createPortalSession = action(portalInputSchema, async (_input, { user }) => {
  const customer = await findCustomerId(user.id, { admin: createAdminClient() });
  if (!customer) throw new ActionError("You have no billing account yet. Choose a plan on the pricing page first.");
  const session = await stripe().billingPortal.sessions.create({ customer, return_url: `${publicEnv().siteUrl}/billing` });
  redirect(session.url);
});
