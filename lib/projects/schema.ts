// What project forms and URLs may contain, parsed with zod. The limits mirror
// the table's check constraints (supabase/migrations/*_projects.sql), so a bad
// value gets a message next to its field instead of a database error.
import { z } from "zod";

export const PROJECT_NAME_MAX = 80;
export const PROJECT_DESCRIPTION_MAX = 2000;
export const DASHBOARD_PAGE_SIZE = 20;
export const TRASH_RETENTION_DAYS = 30;

/** Postgres counts characters (code points); JS `.length` counts UTF-16 units, so an emoji would count twice. */
const characters = (value: string) => [...value].length;

// Line breaks, tabs and other control characters have no place in a one-line name.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export const projectIdSchema = z.guid({ error: "That is not a valid project id." });

export const projectNameSchema = z
  .string({ error: "Enter a project name." })
  .trim()
  .min(1, { error: "Enter a project name." })
  .refine((name) => characters(name) <= PROJECT_NAME_MAX, { error: `Keep the name to ${PROJECT_NAME_MAX} characters or fewer.` })
  .refine((name) => !CONTROL_CHARACTERS.test(name), { error: "The name can't contain line breaks or control characters." });

export const projectDescriptionSchema = z
  .string()
  .trim()
  .refine((text) => characters(text) <= PROJECT_DESCRIPTION_MAX, {
    error: `Keep the description to ${PROJECT_DESCRIPTION_MAX} characters or fewer.`,
  });

export const createProjectSchema = z.object({
  name: projectNameSchema,
  description: projectDescriptionSchema.default(""),
});

// A field left out of the request is left as it is (an empty description is
// sent as ""): a member's form sends only the description, since members may
// not rename (the database refuses it either way).
export const updateProjectSchema = z.object({
  projectId: projectIdSchema,
  name: projectNameSchema.optional(),
  description: projectDescriptionSchema.optional(),
});

/** One project, by id: delete, restore, delete forever, leave. */
export const projectRefSchema = z.object({ projectId: projectIdSchema });

/** Roles that can be given; the owner role only changes hands through a transfer. */
export const ASSIGNABLE_ROLES = ["admin", "member", "viewer"] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

const assignableRoleSchema = z.enum(ASSIGNABLE_ROLES, {
  error: "Choose admin, member or viewer. To make someone the owner, transfer ownership.",
});

export const inviteMemberSchema = z.object({
  projectId: projectIdSchema,
  email: z
    .string({ error: "Enter the email address of the person to invite." })
    .trim()
    .min(1, { error: "Enter the email address of the person to invite." })
    .toLowerCase()
    .pipe(z.email({ error: "Enter a valid email address, like name@example.com." })),
  role: assignableRoleSchema,
});

export const memberRefSchema = z.object({
  projectId: projectIdSchema,
  userId: z.guid({ error: "That is not a valid member id." }),
});

export const changeMemberRoleSchema = memberRefSchema.extend({ role: assignableRoleSchema });

export const transferOwnershipSchema = z.object({
  projectId: projectIdSchema,
  newOwnerId: z.guid({ error: "Choose the member who will own the project." }),
});

/** The dashboard's URL: ?q=<search>&page=<n>. Anything unusable falls back rather than failing the page. */
export const dashboardParamsSchema = z.object({
  // No name holds a control character, and Postgres refuses NUL in text (a 500).
  // A query longer than any name (80) is cut, so it finds nothing, as it should.
  q: z
    .string()
    .trim()
    .transform((q) => Array.from(q).slice(0, 100).join(""))
    .pipe(z.string().regex(/^[^\u0000-\u001f\u007f]*$/))
    .catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export type CreateProjectInput = z.output<typeof createProjectSchema>;
export type UpdateProjectInput = z.output<typeof updateProjectSchema>;
export type InviteMemberInput = z.output<typeof inviteMemberSchema>;
export type MemberRef = z.output<typeof memberRefSchema>;
export type ChangeMemberRoleInput = z.output<typeof changeMemberRoleSchema>;
export type TransferOwnershipInput = z.output<typeof transferOwnershipSchema>;
export type DashboardParams = z.output<typeof dashboardParamsSchema>;
