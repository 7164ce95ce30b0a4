// Insert (one, many, columns, missing=default), upsert (merge / ignore,
// on_conflict), update and delete through supabase-js, with the statuses,
// headers and errors PostgREST gives; bad writes change nothing.
import { beforeAll, describe, expect, test } from "vitest";
import { applyRestFixture, rest, sql, uniqueLabel } from "./rest-fixtures.ts";
import { adminClient, anonClient } from "./target.ts";

beforeAll(applyRestFixture);

const scratch = () => anonClient().from("conf_scratch");

async function rowsLabelled(label: string) {
  return sql<{ label: string; qty: number; note: string | null; code: string | null }>(
    "select label, qty, note, code from public.conf_scratch where label like $1 order by id",
    [`${label}%`],
  );
}

describe("insert", () => {
  test("without select: 201, no body (return=minimal)", async () => {
    const label = uniqueLabel("ins-min");
    const { data, error, status } = await scratch().insert({ label, qty: 2 });
    expect(error).toBeNull();
    expect(status).toBe(201);
    expect(data).toBeNull();
    expect(await rowsLabelled(label)).toEqual([{ label, qty: 2, note: null, code: null }]);
  });

  test("with select: the inserted row, defaults filled, embeds resolved", async () => {
    const label = uniqueLabel("ins-rep");
    const { data, error, status } = await scratch().insert({ label, author_id: 2 }).select("label, qty, author:conf_authors(name)").single();
    expect(error).toBeNull();
    expect(status).toBe(201);
    expect(data).toEqual({ label, qty: 1, author: { name: "Italo Calvino" } });
  });

  test("many rows with differing keys: missing keys are null (columns=), or defaults with defaultToNull: false", async () => {
    const label = uniqueLabel("ins-many");
    const nulls = await scratch().insert([{ label: `${label}-a`, qty: 5 }, { label: `${label}-b`, note: "n" }]).select("label, qty, note");
    // qty is NOT NULL, so a missing qty becomes an explicit null and the insert fails.
    expect(nulls.status).toBe(400);
    expect(nulls.error).toMatchObject({ code: "23502" });
    expect(await rowsLabelled(label)).toEqual([]);
    const defaults = await scratch()
      .insert([{ label: `${label}-a`, qty: 5 }, { label: `${label}-b`, note: "n" }], { defaultToNull: false })
      .select("label, qty, note");
    expect(defaults.error).toBeNull();
    expect(defaults.data).toEqual([
      { label: `${label}-a`, qty: 5, note: null },
      { label: `${label}-b`, qty: 1, note: "n" },
    ]);
  });

  test("count=exact reports the rows written", async () => {
    const label = uniqueLabel("ins-count");
    const { count, status } = await scratch().insert([{ label }, { label }, { label }], { count: "exact" });
    expect(status).toBe(201);
    expect(count).toBe(3);
    const raw = await rest("/conf_scratch", { method: "POST", json: [{ label }], headers: { Prefer: "count=exact" } });
    expect(raw.headers.get("content-range")).toBe("*/1");
  });

  test("return=headers-only gives a Location with the primary key", async () => {
    const label = uniqueLabel("ins-loc");
    const raw = await rest("/conf_scratch", { method: "POST", json: { label }, headers: { Prefer: "return=headers-only" } });
    expect(raw.status).toBe(201);
    const [{ id }] = (await sql<{ id: string }>("select id::text from public.conf_scratch where label = $1", [label])) as [{ id: string }];
    expect(raw.headers.get("location")).toBe(`/conf_scratch?id=eq.${id}`);
  });

  test("errors: unique 409 23505, foreign key 409 23503, check 400 23514, not null 400 23502; nothing written", async () => {
    const label = uniqueLabel("ins-err");
    const code = uniqueLabel("code");
    expect((await scratch().insert({ label, code })).error).toBeNull();
    const duplicate = await scratch().insert({ label: `${label}-dup`, code });
    expect(duplicate.status).toBe(409);
    expect(duplicate.error).toMatchObject({ code: "23505", message: 'duplicate key value violates unique constraint "conf_scratch_code_key"' });
    const foreign = await scratch().insert({ label: `${label}-fk`, author_id: 999 });
    expect(foreign.status).toBe(409);
    expect(foreign.error).toMatchObject({ code: "23503" });
    const check = await scratch().insert({ label: `${label}-chk`, qty: -1 });
    expect(check.status).toBe(400);
    expect(check.error).toMatchObject({ code: "23514" });
    const notNull = await scratch().insert({ qty: 1 });
    expect(notNull.status).toBe(400);
    expect(notNull.error).toMatchObject({ code: "23502" });
    expect((await rowsLabelled(label)).map((r) => r.label)).toEqual([label]);
  });

  test("a key that is no column is 400 PGRST204", async () => {
    const { status, error } = await scratch().insert({ label: "x", nope: 1 });
    expect(status).toBe(400);
    expect(error).toEqual({ code: "PGRST204", details: null, hint: null, message: "Could not find the 'nope' column of 'conf_scratch' in the schema cache" });
  });

  test("a body that is not JSON is 400 PGRST102; objects with different keys without columns= too", async () => {
    const broken = await rest("/conf_scratch", { method: "POST", body: "{not json", headers: { "Content-Type": "application/json" } });
    expect(broken.status).toBe(400);
    expect(broken.json).toEqual({ code: "PGRST102", details: null, hint: null, message: "Empty or invalid json" });
    const uneven = await rest("/conf_scratch", { method: "POST", json: [{ label: "a" }, { qty: 1 }] });
    expect(uneven.status).toBe(400);
    expect(uneven.json).toMatchObject({ code: "PGRST102", message: "All object keys must match" });
  });

  test("a body over the size limit is 413", async () => {
    const label = uniqueLabel("ins-huge");
    const { status } = await rest("/conf_scratch", { method: "POST", json: { label, note: "x".repeat(12 * 1024 * 1024) } });
    expect(status).toBe(413);
    expect(await rowsLabelled(label)).toEqual([]);
  });
});

describe("upsert", () => {
  test("merge-duplicates on the primary key: 201 when a row is new, 200 when all existed", async () => {
    const label = uniqueLabel("ups-pk");
    const first = await scratch().insert({ label, qty: 1 }).select("id").single();
    const id = first.data?.id as number;
    const updated = await scratch().upsert({ id, label, qty: 7 }).select("qty");
    expect(updated.status).toBe(200);
    expect(updated.data).toEqual([{ qty: 7 }]);
    const mixed = await scratch().upsert([{ id, label, qty: 8 }, { id: 10_000_000 + Math.floor(Math.random() * 1_000_000), label, qty: 9 }]);
    expect(mixed.status).toBe(201);
    expect((await rowsLabelled(label)).map((r) => r.qty)).toEqual([8, 9]);
  });

  test("on_conflict names a unique column; ignoreDuplicates keeps the existing row", async () => {
    const label = uniqueLabel("ups-code");
    const code = uniqueLabel("code");
    await scratch().insert({ label, code, qty: 1 });
    const merged = await scratch().upsert({ label, code, qty: 3 }, { onConflict: "code" }).select("qty");
    expect(merged.error).toBeNull();
    expect(merged.data).toEqual([{ qty: 3 }]);
    const ignored = await scratch().upsert({ label, code, qty: 99 }, { onConflict: "code", ignoreDuplicates: true }).select("qty");
    expect(ignored.error).toBeNull();
    expect(ignored.data).toEqual([]);
    expect((await rowsLabelled(label)).map((r) => r.qty)).toEqual([3]);
  });

  test("Preference-Applied echoes the resolution", async () => {
    const label = uniqueLabel("ups-pref");
    const raw = await rest("/conf_scratch?on_conflict=code", {
      method: "POST",
      json: { label, code: uniqueLabel("code") },
      headers: { Prefer: "resolution=merge-duplicates,return=minimal" },
    });
    expect(raw.status).toBe(201);
    expect(raw.headers.get("preference-applied")).toBe("resolution=merge-duplicates, return=minimal");
  });
});

describe("PUT (single-row upsert by primary key)", () => {
  test("creates the row (201), then replaces it (200); 204 without return=representation", async () => {
    const id = 20_000_000 + Math.floor(Math.random() * 1_000_000);
    const label = uniqueLabel("put");
    const prefer = { Prefer: "return=representation" };
    const created = await rest(`/conf_scratch?id=eq.${id}&select=label,qty`, { method: "PUT", json: { id, label, qty: 2 }, headers: prefer });
    expect(created.status).toBe(201);
    expect(created.json).toEqual([{ label, qty: 2 }]);
    const replaced = await rest(`/conf_scratch?id=eq.${id}&select=label,qty`, { method: "PUT", json: { id, label, qty: 3 }, headers: prefer });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toEqual([{ label, qty: 3 }]);
    const minimal = await rest(`/conf_scratch?id=eq.${id}`, { method: "PUT", json: { id, label, qty: 4 } });
    expect(minimal.status).toBe(204);
    expect((await rowsLabelled(label)).map((r) => r.qty)).toEqual([4]);
  });

  test("filters other than pk=eq are 405 PGRST105; a body that disagrees with the URL is 400 PGRST115", async () => {
    const wrongFilter = await rest("/conf_scratch?label=eq.x", { method: "PUT", json: { id: 1, label: "x" } });
    expect(wrongFilter.status).toBe(405);
    expect(wrongFilter.json).toMatchObject({ code: "PGRST105" });
    const mismatch = await rest("/conf_scratch?id=eq.1", { method: "PUT", json: { id: 2, label: "x" } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json).toMatchObject({ code: "PGRST115", message: "Payload values do not match URL in primary key column(s)" });
    const limited = await rest("/conf_scratch?id=eq.1&limit=1", { method: "PUT", json: { id: 1, label: "x" } });
    expect(limited.status).toBe(400);
    expect(limited.json).toMatchObject({ code: "PGRST114" });
  });
});

describe("update and delete", () => {
  test("update with filters: 204 without select, the rows with it; count", async () => {
    const label = uniqueLabel("upd");
    await scratch().insert([{ label, qty: 1 }, { label, qty: 2 }, { label: `${label}-other`, qty: 3 }]);
    const plain = await scratch().update({ note: "seen" }).eq("label", label);
    expect(plain.status).toBe(204);
    const { data, status, count } = await scratch().update({ qty: 10 }, { count: "exact" }).eq("label", label).gte("qty", 2).select("qty, note");
    expect(status).toBe(200);
    expect(count).toBe(1);
    expect(data).toEqual([{ qty: 10, note: "seen" }]);
    expect((await rowsLabelled(label)).map((r) => [r.qty, r.note])).toEqual([[1, "seen"], [10, "seen"], [3, null]]);
  });

  test("update().single() that matches two rows is 406 and changes nothing", async () => {
    const label = uniqueLabel("upd-single");
    await scratch().insert([{ label }, { label }]);
    const { status, error } = await scratch().update({ note: "x" }).eq("label", label).select().single();
    expect(status).toBe(406);
    expect(error).toMatchObject({ code: "PGRST116", details: "The result contains 2 rows" });
    expect((await rowsLabelled(label)).map((r) => r.note)).toEqual([null, null]);
  });

  test("maxAffected: an update touching more rows than allowed is 400 PGRST124 and changes nothing", async () => {
    const label = uniqueLabel("upd-max");
    await scratch().insert([{ label }, { label }]);
    // What supabase-js's maxAffected(n) sends (typed clients for PostgREST 13+ only).
    const strict = (n: number) => ({ Prefer: `handling=strict, max-affected=${n}` });
    const over = await rest(`/conf_scratch?label=eq.${label}`, { method: "PATCH", json: { note: "x" }, headers: strict(1) });
    expect(over.status).toBe(400);
    expect(over.json).toEqual({ code: "PGRST124", details: "The query affects 2 rows", hint: null, message: "Query result exceeds max-affected preference constraint" });
    expect((await rowsLabelled(label)).map((r) => r.note)).toEqual([null, null]);
    const within = await rest(`/conf_scratch?label=eq.${label}`, { method: "PATCH", json: { note: "y" }, headers: strict(2) });
    expect(within.status).toBe(204);
    expect((await rowsLabelled(label)).map((r) => r.note)).toEqual(["y", "y"]);
  });

  test("delete with filters returns the deleted rows when asked", async () => {
    const label = uniqueLabel("del");
    await scratch().insert([{ label, qty: 1 }, { label, qty: 2 }]);
    const { data, status } = await scratch().delete().eq("label", label).eq("qty", 1).select("qty");
    expect(status).toBe(200);
    expect(data).toEqual([{ qty: 1 }]);
    const rest2 = await scratch().delete().eq("label", label);
    expect(rest2.status).toBe(204);
    expect(await rowsLabelled(label)).toEqual([]);
  });

  test("update or delete without any filter is refused (21000, as pg-safeupdate on hosted)", async () => {
    const unfiltered = await rest("/conf_scratch", { method: "PATCH", json: { note: "everything" } });
    expect(unfiltered.status).toBe(400);
    expect(unfiltered.json).toEqual({ code: "21000", details: null, hint: null, message: "UPDATE requires a WHERE clause" });
    const del = await adminClient().from("conf_scratch").delete();
    expect(del.status).toBe(400);
    expect(del.error).toMatchObject({ code: "21000", message: "DELETE requires a WHERE clause" });
  });

  test("an update key that is no column is PGRST204 and writes nothing", async () => {
    const label = uniqueLabel("upd-bad");
    await scratch().insert({ label });
    const { status, error } = await scratch().update({ nope: 1, note: "x" }).eq("label", label);
    expect(status).toBe(400);
    expect(error?.code).toBe("PGRST204");
    expect((await rowsLabelled(label))[0]?.note).toBeNull();
  });
});
