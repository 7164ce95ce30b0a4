// /admin/users (GoTrue internal/api/admin.go): service-role only. Users are
// created and changed as GoTrue does it, without the signup rules (no password
// strength check on create, no confirmation email; email_confirm confirms).
import { createHash, randomBytes } from "node:crypto";
import type { Context, Hono } from "hono";
import { z } from "zod";
import type pg from "pg";
import { write, type AuthDeps } from "../deps.ts";
import { AuthError, badRequest, internal, notFound, unprocessable } from "../errors.ts";
import { requireAdmin } from "../guard.ts";
import { flag, jsonObject, optionalText, parseGoDuration, readOptionalParams, readParams, text, validateEmail, validatePhone } from "../params.ts";
import { checkPasswordStrength, hashPassword } from "../passwords.ts";
import { endSessions } from "../sessions.ts";
import {
  AUDIENCE,
  clearOneTimeTokens,
  confirmUser,
  emailIdentityData,
  emailTakenByAnotherUser,
  findUserById,
  insertIdentity,
  INSTANCE_ID,
  mergeAppMetadata,
  mergeUserMetadata,
  reloadUser,
  updateIdentityData,
  userJson,
  type User,
  type UserRow,
} from "../users.ts";
import { insertNewUser } from "./signup.ts";

const AdminUserParams = z.object({
  id: text,
  role: text,
  email: text,
  phone: text,
  password: optionalText,
  password_hash: text,
  email_confirm: flag,
  phone_confirm: flag,
  user_metadata: jsonObject,
  app_metadata: jsonObject,
  ban_duration: text,
});
type AdminUserParams = z.output<typeof AdminUserParams>;

const DeleteParams = z.object({ should_soft_delete: flag });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_PER_PAGE = 50;

/** undefined: leave the ban alone; 0: lift it; otherwise ban for that many ms. */
function banDuration(params: AdminUserParams): number | undefined {
  if (params.ban_duration === "") return undefined;
  if (params.ban_duration === "none") return 0;
  const ms = parseGoDuration(params.ban_duration);
  if (ms === null) throw badRequest("validation_failed", `invalid format for ban duration: time: invalid duration "${params.ban_duration}"`);
  return ms;
}

async function applyBan(tx: pg.PoolClient, userId: string, ms: number): Promise<void> {
  await tx.query("update auth.users set banned_until = $2, updated_at = now() where id = $1", [userId, ms === 0 ? null : new Date(Date.now() + ms)]);
}

async function loadUser(deps: AuthDeps, id: string): Promise<User> {
  if (!UUID.test(id)) throw notFound("validation_failed", "user_id must be an UUID");
  const user = await findUserById(deps.ctx.pool, id);
  if (!user) throw notFound("user_not_found", "User not found");
  return user;
}

function pageNumber(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw badRequest("validation_failed", `Bad Pagination Parameters: strconv.ParseUint: parsing "${raw}": invalid syntax`);
  return Number(raw);
}

async function listUsers(c: Context, deps: AuthDeps): Promise<Response> {
  const page = Math.max(1, pageNumber(c.req.query("page"), 1));
  const perPageRaw = pageNumber(c.req.query("per_page"), DEFAULT_PER_PAGE);
  const perPage = perPageRaw < 1 ? 20 : perPageRaw; // pop's paginator default
  const filter = c.req.query("filter") ?? "";
  const where = `instance_id = $1 and aud = $2${filter ? " and (email like $3 or raw_user_meta_data->>'full_name' ilike $3)" : ""}`;
  const args: unknown[] = [INSTANCE_ID, AUDIENCE, ...(filter ? [`%${filter}%`] : [])];
  const total = Number((await deps.ctx.pool.query<{ n: string }>(`select count(*) as n from auth.users where ${where}`, args)).rows[0]?.n ?? 0);
  const { rows } = await deps.ctx.pool.query<{ id: string }>(
    `select id from auth.users where ${where} order by created_at desc, id limit ${perPage} offset ${(page - 1) * perPage}`,
    args,
  );
  const users = [];
  for (const { id } of rows) {
    const user = await findUserById(deps.ctx.pool, id);
    if (user) users.push(userJson(user));
  }
  // GoTrue's addPaginationHeaders: links to the next and the last page.
  const totalPages = Math.ceil(total / perPage);
  const query = new URL(c.req.url).searchParams;
  const link = (p: number) => {
    query.set("page", String(p));
    return `</admin/users?${[...query].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}>`;
  };
  const links = [...(totalPages > page ? [`${link(page + 1)}; rel="next"`] : []), `${link(totalPages)}; rel="last"`];
  c.header("Link", links.join(", "));
  c.header("X-Total-Count", String(total));
  return c.json({ users, aud: AUDIENCE });
}

async function createUser(c: Context, deps: AuthDeps): Promise<Response> {
  const params = await readParams(c, AdminUserParams);
  if (params.email === "" && params.phone === "") throw badRequest("validation_failed", "Cannot create a user without either an email or phone");
  const email = params.email !== "" ? validateEmail(params.email) : "";
  if (email && (await emailTakenByAnotherUser(deps.ctx.pool, email, null))) {
    throw unprocessable("email_exists", "A user with this email address has already been registered");
  }
  const phone = params.phone !== "" ? validatePhone(params.phone) : "";
  if (phone && (await deps.ctx.pool.query("select 1 from auth.users where phone = $1 and aud = $2", [phone, AUDIENCE])).rowCount) {
    throw unprocessable("phone_exists", "Phone number already registered by another user");
  }
  if (params.password !== undefined && params.password_hash !== "") {
    throw badRequest("validation_failed", "Only a password or a password hash should be provided");
  }
  let passwordHash: string;
  if (params.password_hash !== "") {
    if (!/^\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}$/.test(params.password_hash)) throw internal("Error creating user", "password_hash is not a bcrypt hash");
    passwordHash = params.password_hash;
  } else {
    const password = params.password || randomBytes(48).toString("base64url");
    if (Buffer.byteLength(password) > 72) throw badRequest("validation_failed", "bcrypt: password length exceeds 72 bytes");
    passwordHash = await hashPassword(password);
  }
  if (params.id !== "" && !UUID.test(params.id)) throw badRequest("validation_failed", "ID must conform to the uuid v4 format");
  if (params.id === "00000000-0000-0000-0000-000000000000") throw badRequest("validation_failed", "ID cannot be a nil uuid");
  const ban = banDuration(params);
  const providers = [...(email ? ["email"] : []), ...(phone ? ["phone"] : [])];

  const created = await write(deps, async (tx) => {
    const row = await insertNewUser(
      tx,
      {
        id: params.id || undefined,
        email,
        passwordHash,
        userMetadata: params.user_metadata ?? {},
        appMetadata: { provider: providers[0], providers },
        role: params.role || AUDIENCE,
      },
      "Database error creating new user",
    );
    if (email) await insertIdentity(tx, row.id, "email", emailIdentityData(row.id, email));
    if (phone) {
      await tx.query("update auth.users set phone = $2 where id = $1", [row.id, phone]);
      await insertIdentity(tx, row.id, "phone", { sub: row.id, phone, email_verified: false, phone_verified: false });
    }
    if (params.app_metadata) await mergeAppMetadata(tx, row.id, params.app_metadata);
    if (params.email_confirm) await confirmUser(tx, row.id);
    if (params.phone_confirm) await tx.query("update auth.users set phone_confirmed_at = now() where id = $1", [row.id]);
    if (ban !== undefined) await applyBan(tx, row.id, ban);
    return reloadUser(tx, row.id);
  });
  return c.json(userJson(created));
}

async function updateUser(c: Context, deps: AuthDeps, user: User): Promise<Response> {
  const params = await readParams(c, AdminUserParams);
  const email = params.email !== "" ? validateEmail(params.email) : "";
  const phone = params.phone !== "" ? validatePhone(params.phone) : "";
  const ban = banDuration(params);
  let passwordHash: string | undefined;
  if (params.password !== undefined) {
    checkPasswordStrength(deps.settings, params.password);
    passwordHash = params.password === "" ? "" : await hashPassword(params.password);
  }
  const id = user.row.id;
  try {
    const updated = await write(deps, async (tx) => {
      if (params.role !== "") await tx.query("update auth.users set role = $2 where id = $1", [id, params.role]);
      if (params.email_confirm) await confirmUser(tx, id);
      if (params.phone_confirm) await tx.query("update auth.users set phone_confirmed_at = now(), confirmation_token = '' where id = $1", [id]);
      if (passwordHash !== undefined) {
        await tx.query(
          `update auth.users set encrypted_password = $2, confirmation_token = '', confirmation_sent_at = null,
                  recovery_token = '', recovery_sent_at = null, email_change_token_current = '', email_change_token_new = '',
                  email_change_sent_at = null, reauthentication_token = '', reauthentication_sent_at = null where id = $1`,
          [id, passwordHash],
        );
        await clearOneTimeTokens(tx, id);
        await endSessions(tx, id, "global", null);
      }
      if (email) {
        const identity = user.identities.find((i) => i.provider === "email");
        if (identity) await updateIdentityData(tx, identity.id, { email, email_verified: params.email_confirm });
        else await insertIdentity(tx, id, "email", emailIdentityData(id, email, params.email_confirm));
        await tx.query("update auth.users set email = $2 where id = $1", [id, email]);
      }
      if (phone) await tx.query("update auth.users set phone = $2 where id = $1", [id, phone]);
      if (params.app_metadata) await mergeAppMetadata(tx, id, params.app_metadata);
      if (params.user_metadata) await mergeUserMetadata(tx, id, params.user_metadata);
      if (ban !== undefined) await applyBan(tx, id, ban);
      await tx.query("update auth.users set updated_at = now() where id = $1", [id]);
      return reloadUser(tx, id);
    });
    return c.json(userJson(updated));
  } catch (error) {
    if (error instanceof AuthError) throw error;
    throw internal("Error updating user", (error as Error).message);
  }
}

const obfuscate = (userId: string, value: string) => createHash("sha256").update(userId + value).digest("base64url");

/** GoTrue's SoftDeleteUser: the row stays, but nothing in it identifies the person any more. */
async function softDelete(tx: pg.PoolClient, user: User): Promise<void> {
  const u: UserRow = user.row;
  if (u.deleted_at) return;
  await tx.query(
    `update auth.users set email = $2, phone = $3, email_change = $4, phone_change = $5, encrypted_password = null,
            confirmation_token = '', recovery_token = '', email_change_token_current = '', email_change_token_new = '',
            phone_change_token = '', deleted_at = now(), raw_user_meta_data = '{}', raw_app_meta_data = '{}'
      where id = $1`,
    [u.id, obfuscate(u.id, u.email ?? ""), obfuscate(u.id, u.phone ?? "").slice(0, 15), obfuscate(u.id, u.email_change ?? ""), obfuscate(u.id, u.phone_change ?? "").slice(0, 15)],
  );
  await clearOneTimeTokens(tx, u.id);
  for (const identity of user.identities) {
    await tx.query("update auth.identities set identity_data = '{}', provider_id = $2 where id = $1", [
      identity.id,
      obfuscate(u.id, `${identity.provider}:${identity.provider_id}`),
    ]);
  }
  await endSessions(tx, u.id, "global", null);
}

export function adminRoutes(app: Hono, deps: AuthDeps): void {
  app.use("/admin/*", async (c, next) => {
    await requireAdmin(c, deps);
    await next();
  });
  app.get("/admin/users", (c) => listUsers(c, deps));
  app.post("/admin/users", (c) => createUser(c, deps));
  app.get("/admin/users/:id", async (c) => c.json(userJson(await loadUser(deps, c.req.param("id")))));
  app.put("/admin/users/:id", async (c) => updateUser(c, deps, await loadUser(deps, c.req.param("id"))));
  app.delete("/admin/users/:id", async (c) => {
    const user = await loadUser(deps, c.req.param("id"));
    const { should_soft_delete } = await readOptionalParams(c, DeleteParams);
    await write(deps, async (tx) => {
      if (should_soft_delete) return softDelete(tx, user);
      try {
        await tx.query("delete from auth.users where id = $1", [user.row.id]);
      } catch (error) {
        throw internal("Database error deleting user", (error as Error).message);
      }
    });
    return c.json({});
  });
}
