// Events: each state change becomes a Stripe Event holding a snapshot of the
// object at that moment (and, for updates, `previous_attributes`), stored for
// the Events API and queued for every webhook endpoint that wants its type.
import { STRIPE_API_VERSION } from "./api-version.ts";
import { newId, nowSeconds } from "./ids.ts";
import type { ApiObject, EventObject, StripeStore } from "./store.ts";
import type { DeliveryRecord, DeliveryTarget, WebhookDelivery } from "./webhooks/delivery.ts";

/** Who caused the change: an API request (with its id and idempotency key) or the emulator itself. */
export interface EmitContext {
  requestId: string | null;
  idempotencyKey: string | null;
  /** Deliver only to these URLs instead of the registered endpoints (`stripe:trigger --url`). */
  deliverTo?: string[];
  /** Collects what was emitted, for callers that report it (trigger). */
  emitted?: { event: EventObject; deliveries: Promise<DeliveryRecord>[] }[];
}

export const AUTOMATIC: EmitContext = { requestId: null, idempotencyKey: null };

export class EventBus {
  constructor(
    private readonly store: StripeStore,
    private readonly delivery: WebhookDelivery,
    private readonly targetsFor: (type: string) => DeliveryTarget[],
  ) {}

  emit(type: string, object: ApiObject, context: EmitContext, previousAttributes?: Record<string, unknown>): EventObject {
    const targets = context.deliverTo
      ? context.deliverTo.map((url, index) => ({ id: `cli_${index}`, url }))
      : this.targetsFor(type);
    const event: EventObject = {
      id: newId("event"),
      object: "event",
      api_version: STRIPE_API_VERSION,
      created: nowSeconds(),
      data: {
        object: structuredClone(object),
        ...(previousAttributes ? { previous_attributes: structuredClone(previousAttributes) } : {}),
      },
      livemode: false,
      pending_webhooks: targets.length,
      request: { id: context.requestId, idempotency_key: context.idempotencyKey },
      type,
    };
    this.store.state.events[event.id] = event;
    const deliveries = this.delivery.enqueue(event.id, type, targets);
    context.emitted?.push({ event, deliveries });
    return event;
  }
}

/**
 * Stripe's `previous_attributes`: the old value of every field that changed;
 * nested objects contribute only their changed fields, while an array that
 * changed at all is given whole (so a price switch yields `items: { data: [...] }`).
 */
export function previousAttributes(before: unknown, after: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(before) || !isPlainObject(after)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[key];
    const now = after[key];
    if (JSON.stringify(old) === JSON.stringify(now)) continue;
    const nested = isPlainObject(old) && isPlainObject(now) ? previousAttributes(old, now) : undefined;
    out[key] = nested ?? (old === undefined ? null : old);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
