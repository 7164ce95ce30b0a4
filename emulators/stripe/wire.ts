// The JSON Stripe sends for an SDK type. The SDK turns some decimal strings
// (`unit_amount_decimal`) into Decimal objects after receiving them; on the
// wire they are strings. Builders annotate their results with Wire<Stripe.X>,
// so the compiler checks that every field of the pinned version is present.
import type Stripe from "stripe";

export type Wire<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends Stripe.Decimal
    ? string
    : T extends readonly (infer U)[]
      ? Wire<U>[]
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;
