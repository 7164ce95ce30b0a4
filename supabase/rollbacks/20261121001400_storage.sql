-- Inverse of 20261121001400_storage.sql. Refuses (foreign key error) while
-- either bucket still holds objects: empty them through the Storage API first.

drop policy "avatars bucket: users delete their own files" on storage.objects;
drop policy "avatars bucket: users replace their own files" on storage.objects;
drop policy "avatars bucket: users upload to their own folder" on storage.objects;
drop policy "avatars bucket: users read their own folder" on storage.objects;
drop policy "assets bucket: project members read" on storage.objects;
drop function private.storage_project_id(text);
delete from storage.buckets where id in ('assets', 'avatars');
