-- Inverse of 20261121000700_project_member_rpcs.sql.

drop function public.list_project_members(uuid);
drop function public.transfer_project_ownership(uuid, uuid);
drop function public.leave_project(uuid);
drop function public.remove_project_member(uuid, uuid);
drop function public.change_project_member_role(uuid, uuid, public.project_role);
drop function public.invite_project_member(uuid, text, public.project_role);
drop function private.raise_not_allowed(text);
drop function private.caller_project_role(uuid);
