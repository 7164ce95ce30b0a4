// /v1/products and /v1/prices: the seeded plan catalogue, read-only.
import { noSuch } from "../errors.ts";
import type { EmulatorCore } from "../core.ts";
import { listPage } from "../list.ts";
import { newestFirst } from "../store.ts";
import type { ApiRouter } from "./router.ts";

export function catalogRoutes(api: ApiRouter, { store }: EmulatorCore): void {
  api.get("/v1/products", ({ params }) => {
    const active = params.bool("active");
    const ids = params.strings("ids");
    const products = newestFirst(store.state.products).filter(
      (p) => (active === undefined || p.active === active) && (ids === undefined || ids.includes(p.id)),
    );
    return listPage(products, params, "/v1/products", "product");
  });

  api.get("/v1/products/:id", ({ path }) => {
    const product = store.state.products[path("id")];
    if (!product) throw noSuch("product", path("id"));
    return product;
  });

  api.get("/v1/prices", ({ params }) => {
    const active = params.bool("active");
    const lookupKeys = params.strings("lookup_keys");
    const product = params.string("product");
    const currency = params.string("currency");
    const type = params.oneOf("type", ["one_time", "recurring"] as const);
    const recurring = params.object("recurring");
    const interval = recurring ? recurring.oneOf("interval", ["day", "week", "month", "year"] as const) : undefined;
    const prices = newestFirst(store.state.prices).filter(
      (p) =>
        (active === undefined || p.active === active) &&
        (lookupKeys === undefined || (p.lookup_key !== null && lookupKeys.includes(p.lookup_key))) &&
        (product === undefined || p.product === product) &&
        (currency === undefined || p.currency === currency) &&
        (type === undefined || p.type === type) &&
        (interval === undefined || p.recurring?.interval === interval),
    );
    return listPage(prices, params, "/v1/prices", "price");
  });

  api.get("/v1/prices/:id", ({ path }) => {
    const price = store.state.prices[path("id")];
    if (!price) throw noSuch("price", path("id"));
    return price;
  });
}
