// Reads for the project pages, as plain functions of a Supabase client acting
// as the signed-in user: row level security decides what each one sees.
// A database failure throws (the page's error boundary shows it); "not found
// or not yours" is null, so the page can answer 404 without a hint.
import { DASHBOARD_PAGE_SIZE, projectIdSchema, TRASH_RETENTION_DAYS, type DashboardParams } from "./schema";
import type { Client, JobStatus, PlanTier, ProjectRole } from "./types";

export interface DashboardProject {
  id: string;
  name: string;
  description: string;
  role: ProjectRole;
  memberCount: number;
  lastJobStatus: JobStatus | null;
  createdAt: string;
  updatedAt: string;
}

export interface DashboardPage {
  projects: DashboardProject[];
  total: number;
  page: number;
  pageCount: number;
}

function failed(what: string, error: { message: string; code?: string }): Error {
  return new Error(`Could not load ${what}: ${error.code ?? ""} ${error.message}`);
}

export async function listDashboardProjects(supabase: Client, { q, page }: DashboardParams): Promise<DashboardPage> {
  const { data, error } = await supabase.rpc("list_my_projects", {
    p_search: q,
    p_limit: DASHBOARD_PAGE_SIZE,
    p_offset: (page - 1) * DASHBOARD_PAGE_SIZE,
  });
  if (error) throw failed("your projects", error);
  let total = data[0]?.total_count ?? 0;
  if (data.length === 0 && page > 1) {
    // Past the last page (e.g. after deleting its only project): count, so the pager can offer a way back.
    const first = await supabase.rpc("list_my_projects", { p_search: q, p_limit: 1, p_offset: 0 });
    if (first.error) throw failed("your projects", first.error);
    total = first.data[0]?.total_count ?? 0;
  }
  return {
    projects: data.map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      role: row.role,
      memberCount: row.member_count,
      // The generated type can't tell that the left join may find no job.
      lastJobStatus: (row.last_job_status as JobStatus | null) ?? null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / DASHBOARD_PAGE_SIZE)),
  };
}

export interface PlanUsage {
  tier: PlanTier;
  /** Active projects the user owns: what the plan limit counts. */
  used: number;
  /** null = unlimited. */
  limit: number | null;
  reached: boolean;
}

/** The plan's project allowance, read from public.plan_limits: the numbers the database enforces. */
export async function getPlanUsage(supabase: Client, userId: string): Promise<PlanUsage> {
  const [profile, owned] = await Promise.all([
    supabase.from("users").select("subscription_tier").eq("id", userId).single(),
    supabase.from("projects").select("id", { count: "exact", head: true }).eq("owner_id", userId).is("deleted_at", null),
  ]);
  if (profile.error) throw failed("your plan", profile.error);
  if (owned.error) throw failed("your project count", owned.error);
  const tier = profile.data.subscription_tier;
  const plan = await supabase.from("plan_limits").select("max_projects").eq("tier", tier).single();
  if (plan.error) throw failed("your plan's limits", plan.error);
  const used = owned.count ?? 0;
  const limit = plan.data.max_projects;
  return { tier, used, limit, reached: limit !== null && used >= limit };
}

export interface ProjectDetails {
  id: string;
  name: string;
  description: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
}

/** An active project the user can read, or null when the id is malformed, unknown, trashed or not theirs. */
export async function getProject(supabase: Client, projectId: string): Promise<ProjectDetails | null> {
  if (!projectIdSchema.safeParse(projectId).success) return null;
  const { data, error } = await supabase
    .from("projects")
    .select("id, name, description, owner_id, created_at, updated_at")
    .eq("id", projectId)
    .is("deleted_at", null)
    .maybeSingle();
  if (error) throw failed("the project", error);
  if (!data) return null;
  return {
    id: data.id,
    name: data.name,
    description: data.description,
    ownerId: data.owner_id,
    createdAt: data.created_at,
    updatedAt: data.updated_at,
  };
}

export interface ProjectMember {
  userId: string;
  email: string | null;
  name: string | null;
  avatarUrl: string | null;
  role: ProjectRole;
  joinedAt: string;
}

/** Members with their profiles, owner first; empty when the id is malformed or the user cannot read the project. */
export async function listMembers(supabase: Client, projectId: string): Promise<ProjectMember[]> {
  if (!projectIdSchema.safeParse(projectId).success) return [];
  const { data, error } = await supabase.rpc("list_project_members", { p_project_id: projectId });
  if (error) throw failed("the members", error);
  return data.map((row) => ({
    userId: row.user_id,
    email: row.email,
    name: row.name,
    avatarUrl: row.avatar_url,
    role: row.role,
    joinedAt: row.created_at,
  }));
}

export interface TrashedProject {
  id: string;
  name: string;
  deletedAt: string;
  /** When the scheduled purge removes it for good. */
  purgeAt: string;
}

/** The user's trash: projects they own and deleted, most recent first. */
export async function listTrash(supabase: Client, userId: string): Promise<TrashedProject[]> {
  const { data, error } = await supabase
    .from("projects")
    .select("id, name, deleted_at")
    .eq("owner_id", userId)
    .not("deleted_at", "is", null)
    .order("deleted_at", { ascending: false })
    .order("id");
  if (error) throw failed("the trash", error);
  return data.map((row) => {
    const deletedAt = row.deleted_at!;
    const purgeAt = new Date(Date.parse(deletedAt) + TRASH_RETENTION_DAYS * 86_400_000).toISOString();
    return { id: row.id, name: row.name, deletedAt, purgeAt };
  });
}

/** How many projects are in the user's trash (for the dashboard's Trash link). */
export async function countTrash(supabase: Client, userId: string): Promise<number> {
  const { count, error } = await supabase
    .from("projects")
    .select("id", { count: "exact", head: true })
    .eq("owner_id", userId)
    .not("deleted_at", "is", null);
  if (error) throw failed("the trash", error);
  return count ?? 0;
}

/** The name of a project in the user's trash, for the "moved to the trash" toast; null if it is not there. */
export async function getTrashedProjectName(supabase: Client, projectId: string): Promise<string | null> {
  if (!projectIdSchema.safeParse(projectId).success) return null;
  const { data, error } = await supabase
    .from("projects")
    .select("name")
    .eq("id", projectId)
    .not("deleted_at", "is", null)
    .maybeSingle();
  if (error) throw failed("the deleted project", error);
  return data?.name ?? null;
}
