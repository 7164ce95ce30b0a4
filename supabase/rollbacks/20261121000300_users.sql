-- Inverse of 20261121000300_users.sql.

drop trigger on_auth_user_email_changed on auth.users;
drop trigger on_auth_user_created on auth.users;
drop function private.sync_user_email();
drop function private.handle_new_user();
drop table public.users;
drop type public.subscription_status;
