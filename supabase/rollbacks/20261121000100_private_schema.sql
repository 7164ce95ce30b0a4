-- Inverse of 20261121000100_private_schema.sql.

drop function private.set_updated_at();
drop schema private;
