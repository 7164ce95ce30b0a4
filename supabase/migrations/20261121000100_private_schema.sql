-- Foundation for the later migrations:
--   * schema `private` for the helpers that policies, triggers and RPCs call.
--     The Data API exposes only the schemas in config.toml ([api].schemas =
--     public, graphql_public), so nothing here is reachable over HTTP;
--   * the shared `updated_at` trigger function.
--
-- Hosted Supabase grants every new table and function in `public` to anon,
-- authenticated and service_role. This schema keeps that default (other
-- projects' expectations rely on it) and instead revokes, object by object,
-- what anon and authenticated must not have; supabase/tests/lints.int.test.ts
-- fails if anything in public is left granted to anon.

create schema private;
comment on schema private is
  'Helpers for RLS policies, triggers and RPCs. Not exposed by the Data API: callable from SQL only.';
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

create function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
comment on function private.set_updated_at() is
  'BEFORE UPDATE trigger: stamps updated_at with the transaction time.';
revoke all on function private.set_updated_at() from public;
