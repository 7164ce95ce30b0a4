// /v1/customers: create, retrieve, update, delete, list (email filter), search.
import { noSuch } from "../errors.ts";
import type { EmulatorCore } from "../core.ts";
import { listPage } from "../list.ts";
import type { CustomerObject } from "../objects/customer.ts";
import { mergeMetadata, type Params } from "../params.ts";
import { parseSearchQuery } from "../search.ts";
import { newestFirst } from "../store.ts";
import type { ApiRouter } from "./router.ts";

function readFields(params: Params) {
  return {
    email: params.email("email"),
    name: params.nullableString("name"),
    description: params.nullableString("description"),
    phone: params.nullableString("phone"),
    metadata: params.metadata(),
  };
}

export function customerRoutes(api: ApiRouter, { store, billing }: EmulatorCore): void {
  const live = (id: string): CustomerObject => {
    const customer = store.liveCustomer(id);
    if (!customer) throw noSuch("customer", id);
    return customer;
  };
  const liveCustomers = () => newestFirst(store.state.customers).filter((c): c is CustomerObject => !("deleted" in c && c.deleted));

  api.post("/v1/customers", ({ params, context }) => {
    const fields = readFields(params);
    return billing.createCustomer({ ...fields, metadata: mergeMetadata({}, fields.metadata) }, context);
  });

  api.get("/v1/customers/search", ({ params }) => {
    const matches = parseSearchQuery(params.requiredString("query"), ["email", "name", "phone", "description"]);
    const limit = params.int("limit", { min: 1, max: 100 }) ?? 10;
    params.string("page");
    const found = liveCustomers().filter((c) => matches(c as unknown as Record<string, unknown>));
    return { object: "search_result", data: found.slice(0, limit), has_more: found.length > limit, next_page: null, url: "/v1/customers/search" };
  });

  api.get("/v1/customers/:id", ({ path }) => {
    const customer = store.state.customers[path("id")];
    if (!customer) throw noSuch("customer", path("id"));
    return customer;
  });

  api.post("/v1/customers/:id", ({ params, path, context }) => {
    const before = live(path("id"));
    const fields = readFields(params);
    const after: CustomerObject = structuredClone(before);
    if (fields.email !== undefined) after.email = fields.email;
    if (fields.name !== undefined) after.name = fields.name;
    if (fields.description !== undefined) after.description = fields.description;
    if (fields.phone !== undefined) after.phone = fields.phone;
    after.metadata = mergeMetadata(before.metadata, fields.metadata);
    billing.updateCustomer(before, after, context);
    return after;
  });

  api.delete("/v1/customers/:id", ({ path, context }) => {
    billing.deleteCustomer(live(path("id")), context);
    return store.state.customers[path("id")];
  });

  api.get("/v1/customers", ({ params }) => {
    const email = params.string("email");
    const customers = liveCustomers().filter((c) => email === undefined || c.email === email);
    return listPage(customers, params, "/v1/customers", "customer");
  });
}
