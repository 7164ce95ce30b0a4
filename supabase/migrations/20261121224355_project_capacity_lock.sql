-- Concurrent project creations for one owner deadlocked instead of queueing
-- (the capacity check asked for FOR UPDATE on a row the same statements'
-- foreign key checks hold KEY SHARE on). Same check, weaker lock.
create or replace function private.assert_project_capacity(p_owner_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_tier public.subscription_tier;
  v_limit integer;
  v_active integer;
begin
  -- Lock the owner's profile: concurrent creations for one owner queue here,
  -- so two requests cannot both take the last free slot. NO KEY UPDATE, not
  -- UPDATE: the foreign key checks of this same insert already hold KEY SHARE
  -- on the row, and two inserts each holding KEY SHARE while waiting for
  -- UPDATE deadlock; NO KEY UPDATE coexists with KEY SHARE and still queues
  -- the inserts one after the other.
  select u.subscription_tier into v_tier from public.users u where u.id = p_owner_id for no key update;
  if not found then
    return; -- the foreign key refuses the row
  end if;
  select l.max_projects into v_limit from public.plan_limits l where l.tier = v_tier;
  if not found then
    raise exception 'plan_limits has no row for tier %', v_tier;
  end if;
  if v_limit is null then
    return;
  end if;
  select count(*) into v_active
  from public.projects p
  where p.owner_id = p_owner_id and p.deleted_at is null;
  if v_active > v_limit then
    raise exception using
      errcode = 'P0001',
      message = format('plan_limit_reached: the %s plan allows %s active projects', v_tier, v_limit),
      detail = jsonb_build_object('tier', v_tier, 'limit', v_limit)::text,
      hint = 'Upgrade the plan, or delete a project first.';
  end if;
end
$$;
