-- Inverse of 20261121001100_assets.sql.

drop table public.assets;
