-- Foundation for the later migrations:
--   * schema `private` for the helpers that policies and triggers call. The
--     Data API exposes only the schemas in config.toml ([api].schemas =
--     public, graphql_public), so nothing here is reachable over HTTP;
--   * the shared `updated_at` trigger function;
--   * safer defaults for objects `postgres` creates later: hosted Supabase
--     grants everything in `public` to anon, and Postgres lets PUBLIC execute
--     every new function. This project grants anon nothing, and every
--     migration grants each function to the roles that need it, explicitly.

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

-- Tables, sequences and functions created in public from now on: nothing for anon.
alter default privileges for role postgres in schema public revoke all on tables from anon;
alter default privileges for role postgres in schema public revoke all on sequences from anon;
alter default privileges for role postgres in schema public revoke all on functions from anon;
-- New functions (any schema) are not executable by PUBLIC unless granted.
alter default privileges for role postgres revoke execute on functions from public;
