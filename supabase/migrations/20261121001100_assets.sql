-- Assets: the files a job produced, stored in the private `assets` bucket at
-- <project_id>/<job_id>/<file name>. Members of the project read them; the
-- worker (service role) writes them. The composite foreign key keeps an
-- asset in the same project as its job, which the storage path repeats.

create table public.assets (
  id uuid primary key default gen_random_uuid(),
  job_id uuid not null,
  project_id uuid not null,
  user_id uuid references public.users (id) on delete set null,
  asset_type text not null,
  storage_path text not null,
  file_size bigint not null,
  mime_type text,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint assets_job_fkey foreign key (job_id, project_id)
    references public.jobs (id, project_id) on delete cascade,
  constraint assets_storage_path_key unique (storage_path),
  constraint assets_storage_path_format check (
    storage_path ~ ('^' || project_id::text || '/' || job_id::text || '/[^/]+$')
    and storage_path !~ '/\.\.?$'
    and char_length(storage_path) <= 1024
  ),
  constraint assets_asset_type_format check (asset_type ~ '^[a-z][a-z0-9_-]{0,31}$'),
  constraint assets_file_size_range check (file_size >= 0),
  constraint assets_mime_type_format check (mime_type ~ '^[a-z]+/[A-Za-z0-9][A-Za-z0-9.+_-]*$'),
  constraint assets_metadata_object check (jsonb_typeof(metadata) = 'object')
);
comment on table public.assets is
  'A file produced by a job, stored in the assets bucket. Members read; the worker (service role) writes.';
comment on column public.assets.project_id is 'The job''s project (enforced by the composite foreign key); first segment of storage_path.';
comment on column public.assets.user_id is 'Who created the job that produced it; null once that user is deleted.';
comment on column public.assets.asset_type is 'Kind of output as the app shows it, a lowercase slug: image, video, report, archive...';
comment on column public.assets.storage_path is 'Object name in the assets bucket: <project_id>/<job_id>/<file name>.';
comment on column public.assets.file_size is 'Size in bytes.';

create index assets_job_id_project_id_idx on public.assets (job_id, project_id);
create index assets_project_id_created_at_idx on public.assets (project_id, created_at desc);
create index assets_user_id_idx on public.assets (user_id);

create trigger assets_set_updated_at
  before update on public.assets
  for each row execute function private.set_updated_at();

alter table public.assets enable row level security;
revoke all on table public.assets from anon, authenticated;
grant select on table public.assets to authenticated;

create policy "assets: members read"
  on public.assets for select to authenticated
  using (project_id = any ((select private.readable_project_ids())::uuid[]));
