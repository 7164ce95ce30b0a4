-- Inverse of 20261121000100_private_schema.sql.

alter default privileges for role postgres grant execute on functions to public;
alter default privileges for role postgres in schema public grant all on functions to anon;
alter default privileges for role postgres in schema public grant all on sequences to anon;
alter default privileges for role postgres in schema public grant all on tables to anon;

drop function private.set_updated_at();
drop schema private;
