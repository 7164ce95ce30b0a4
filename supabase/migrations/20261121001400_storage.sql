-- Storage buckets and their policies on storage.objects.
--   assets:  private. Objects are named <project_id>/<job_id>/<file name>;
--            members of an active project (and the owner of a trashed one)
--            read them; the worker writes them with the service role.
--   avatars: public (served by URL without a session, as profile pictures
--            are). Each user writes, replaces and deletes only objects under
--            <their user id>/; listing is limited to their own folder too.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values
  ('assets', 'assets', false, 524288000, null),
  ('avatars', 'avatars', true, 2097152, array['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

-- The project id in an object name, or null when the name does not start with a uuid.
create function private.storage_project_id(p_name text)
returns uuid
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_first text := split_part(p_name, '/', 1);
begin
  if v_first ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then
    return v_first::uuid;
  end if;
  return null;
end
$$;
comment on function private.storage_project_id(text) is
  'First path segment of a storage object name as a uuid (the project of an asset), or null when it is not one.';
revoke all on function private.storage_project_id(text) from public;
grant execute on function private.storage_project_id(text) to authenticated, service_role;

create policy "assets bucket: project members read"
  on storage.objects for select to authenticated
  using (
    bucket_id = 'assets'
    and private.storage_project_id(name) = any ((select private.readable_project_ids())::uuid[])
  );

create policy "avatars bucket: users read their own folder"
  on storage.objects for select to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);

create policy "avatars bucket: users upload to their own folder"
  on storage.objects for insert to authenticated
  with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);

create policy "avatars bucket: users replace their own files"
  on storage.objects for update to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text)
  with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);

create policy "avatars bucket: users delete their own files"
  on storage.objects for delete to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);
