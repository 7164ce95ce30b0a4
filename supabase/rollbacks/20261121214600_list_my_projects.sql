-- Inverse of 20261121214600_list_my_projects.sql.

drop function public.list_my_projects(text, integer, integer);
