-- Who may read and write projects and project_members through the Data API.
--   projects:        members read active projects, owners also their trash;
--                    anyone signed in creates projects they own (plan limit
--                    enforced by trigger); owners and admins edit name and
--                    description; owners permanently delete from the trash.
--   project_members: members read the member list; changes go through the
--                    member RPCs (next migration), which check roles.

grant select on table public.projects to authenticated;
grant insert (id, name, description, owner_id) on table public.projects to authenticated;
grant update (name, description) on table public.projects to authenticated;
grant delete on table public.projects to authenticated;

-- owner_id covers a project the owner just created (its owner row is added by
-- an AFTER trigger, after this policy is checked for INSERT ... RETURNING).
create policy "projects: members read, owners also their trash"
  on public.projects for select to authenticated
  using (
    owner_id = (select auth.uid())
    or id = any ((select private.readable_project_ids())::uuid[])
  );

create policy "projects: users create projects they own"
  on public.projects for insert to authenticated
  with check (owner_id = (select auth.uid()) and deleted_at is null);

create policy "projects: owners and admins edit active projects"
  on public.projects for update to authenticated
  using (id = any ((select private.project_ids_with_role('{owner,admin}'))::uuid[]))
  with check (id = any ((select private.project_ids_with_role('{owner,admin}'))::uuid[]));

create policy "projects: owners delete from the trash"
  on public.projects for delete to authenticated
  using (owner_id = (select auth.uid()) and deleted_at is not null);

grant select on table public.project_members to authenticated;

create policy "project_members: members read the member list"
  on public.project_members for select to authenticated
  using (project_id = any ((select private.readable_project_ids())::uuid[]));
