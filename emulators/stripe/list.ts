// Stripe's list envelope and cursor pagination: newest first, `limit`
// (1–100, default 10), `starting_after` / `ending_before` naming an object in
// the list, `has_more` when more remain past this page.
import { noSuch } from "./errors.ts";
import type { Params } from "./params.ts";

export interface ListObject<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

export function listPage<T extends { id: string }>(items: T[], params: Params, url: string, kind: string): ListObject<T> {
  const limit = params.int("limit", { min: 1, max: 100 }) ?? 10;
  const startingAfter = params.string("starting_after");
  const endingBefore = params.string("ending_before");
  if (startingAfter !== undefined) {
    const index = items.findIndex((item) => item.id === startingAfter);
    if (index < 0) throw noSuch(kind, startingAfter, "starting_after");
    const rest = items.slice(index + 1);
    return { object: "list", data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (endingBefore !== undefined) {
    const index = items.findIndex((item) => item.id === endingBefore);
    if (index < 0) throw noSuch(kind, endingBefore, "ending_before");
    const before = items.slice(0, index);
    return { object: "list", data: before.slice(Math.max(0, before.length - limit)), has_more: before.length > limit, url };
  }
  return { object: "list", data: items.slice(0, limit), has_more: items.length > limit, url };
}

export interface SearchResultObject<T> {
  object: "search_result";
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
}
