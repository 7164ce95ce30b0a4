-- Demo data for local development only. Idempotent: fixed ids and
-- ON CONFLICT DO NOTHING, so running it again changes nothing.
--
-- Sign in with (local only, never on a hosted project):
--   alice@example.com / password123
--   bob@example.com   / password123
--
-- Alice owns "Website redesign" (Bob is admin), "Mobile app" (Bob is viewer)
-- and "Old experiments" (in her trash); Bob owns "Data pipeline" (Alice is
-- member). Jobs in every state, one asset row (its file is not in storage).

-- Users: confirmed email accounts, with the identity row GoTrue creates.
-- The profiles in public.users come from the handle_new_user trigger.
-- GoTrue reads the four token columns as strings: left NULL, sign-in fails with
-- 500 "Database error querying schema" on hosted Supabase (supabase/auth#1940).
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change_token_new, email_change
)
values
  ('00000000-0000-0000-0000-000000000000', 'a11ce000-0000-4000-8000-000000000001', 'authenticated',
   'authenticated', 'alice@example.com', extensions.crypt('password123', extensions.gen_salt('bf', 10)), now(),
   '{"provider": "email", "providers": ["email"]}', '{"name": "Alice Example"}', now(), now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', 'b0b00000-0000-4000-8000-000000000002', 'authenticated',
   'authenticated', 'bob@example.com', extensions.crypt('password123', extensions.gen_salt('bf', 10)), now(),
   '{"provider": "email", "providers": ["email"]}', '{"name": "Bob Example"}', now(), now(), '', '', '', '')
on conflict (id) do nothing;

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
values
  ('a11ce000-0000-4000-8000-000000000001', 'a11ce000-0000-4000-8000-000000000001',
   '{"sub": "a11ce000-0000-4000-8000-000000000001", "email": "alice@example.com", "email_verified": true, "phone_verified": false}',
   'email', now(), now(), now()),
  ('b0b00000-0000-4000-8000-000000000002', 'b0b00000-0000-4000-8000-000000000002',
   '{"sub": "b0b00000-0000-4000-8000-000000000002", "email": "bob@example.com", "email_verified": true, "phone_verified": false}',
   'email', now(), now(), now())
on conflict (provider_id, provider) do nothing;

-- Projects: the owner's membership row is added by trigger.
insert into public.projects (id, name, description, owner_id, created_by, deleted_at, created_at)
values
  ('c0ffee00-0000-4000-8000-000000000001', 'Website redesign', 'New landing page and pricing page.',
   'a11ce000-0000-4000-8000-000000000001', 'a11ce000-0000-4000-8000-000000000001', null, now() - interval '20 days'),
  ('c0ffee00-0000-4000-8000-000000000002', 'Mobile app', 'iOS and Android clients.',
   'a11ce000-0000-4000-8000-000000000001', 'a11ce000-0000-4000-8000-000000000001', null, now() - interval '10 days'),
  ('c0ffee00-0000-4000-8000-000000000003', 'Data pipeline', 'Nightly import of sales data.',
   'b0b00000-0000-4000-8000-000000000002', 'b0b00000-0000-4000-8000-000000000002', null, now() - interval '5 days'),
  ('c0ffee00-0000-4000-8000-000000000004', 'Old experiments', 'Moved to the trash three days ago.',
   'a11ce000-0000-4000-8000-000000000001', 'a11ce000-0000-4000-8000-000000000001', now() - interval '3 days',
   now() - interval '60 days')
on conflict (id) do nothing;

insert into public.project_members (project_id, user_id, role)
values
  ('c0ffee00-0000-4000-8000-000000000001', 'b0b00000-0000-4000-8000-000000000002', 'admin'),
  ('c0ffee00-0000-4000-8000-000000000002', 'b0b00000-0000-4000-8000-000000000002', 'viewer'),
  ('c0ffee00-0000-4000-8000-000000000003', 'a11ce000-0000-4000-8000-000000000001', 'member')
on conflict (project_id, user_id) do nothing;

-- Jobs: each new one counts in its project owner's monthly usage (trigger).
insert into public.jobs (
  id, project_id, user_id, job_type, status, progress, parameters, result, error_message,
  attempts, locked_by, locked_at, heartbeat_at, started_at, finished_at, created_at
)
values
  ('dddd0000-0000-4000-8000-000000000001', 'c0ffee00-0000-4000-8000-000000000001',
   'a11ce000-0000-4000-8000-000000000001', 'image.render', 'completed', 100, '{"page": "home", "width": 1440}',
   '{"assets": 1}', null, 1, null, null, null, now() - interval '2 days', now() - interval '2 days', now() - interval '2 days'),
  ('dddd0000-0000-4000-8000-000000000002', 'c0ffee00-0000-4000-8000-000000000001',
   'b0b00000-0000-4000-8000-000000000002', 'image.render', 'processing', 45, '{"page": "pricing", "width": 1440}',
   null, null, 1, 'seed-worker', now() - interval '1 minute', now(), now() - interval '1 minute', null, now() - interval '5 minutes'),
  ('dddd0000-0000-4000-8000-000000000003', 'c0ffee00-0000-4000-8000-000000000001',
   'a11ce000-0000-4000-8000-000000000001', 'report.generate', 'queued', 0, '{"format": "pdf"}',
   null, null, 0, null, null, null, null, null, now() - interval '1 minute'),
  ('dddd0000-0000-4000-8000-000000000004', 'c0ffee00-0000-4000-8000-000000000002',
   'a11ce000-0000-4000-8000-000000000001', 'report.generate', 'failed', 30, '{"format": "xlsx"}',
   null, 'The source spreadsheet could not be read.', 3, null, null, null, now() - interval '1 day', now() - interval '1 day', now() - interval '1 day'),
  ('dddd0000-0000-4000-8000-000000000005', 'c0ffee00-0000-4000-8000-000000000003',
   'b0b00000-0000-4000-8000-000000000002', 'data.import', 'partial', 80, '{"source": "sales.csv"}',
   '{"imported": 8000, "skipped": 2000}', '2000 rows had an invalid date.', 1, null, null, null,
   now() - interval '3 hours', now() - interval '3 hours', now() - interval '3 hours')
on conflict (id) do nothing;

insert into public.assets (id, job_id, project_id, user_id, asset_type, storage_path, file_size, mime_type, metadata)
values
  ('a55e7000-0000-4000-8000-000000000001', 'dddd0000-0000-4000-8000-000000000001',
   'c0ffee00-0000-4000-8000-000000000001', 'a11ce000-0000-4000-8000-000000000001', 'image',
   'c0ffee00-0000-4000-8000-000000000001/dddd0000-0000-4000-8000-000000000001/home-1440.png',
   48213, 'image/png', '{"width": 1440, "height": 3200}')
on conflict (id) do nothing;
