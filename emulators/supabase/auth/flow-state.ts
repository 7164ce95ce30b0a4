// PKCE (GoTrue internal/api/pkce.go, models/flow_state.go): a flow started with a
// code_challenge is remembered in auth.flow_state; verifying its email link
// issues an auth code instead of tokens, and POST /token?grant_type=pkce trades
// that code plus the code_verifier for a session.
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { Db } from "./db.ts";
import { badRequest, notFound, unprocessable } from "./errors.ts";

/** GoTrue's models.AuthenticationMethod names, as stored in flow_state and mfa_amr_claims. */
export type AuthMethod = "password" | "otp" | "recovery" | "invite" | "magiclink" | "email/signup" | "email_change" | "token_refresh" | "anonymous";

const FLOW_STATE_EXPIRY_MS = 300_000;

export function validatePkceParams(method: string, challenge: string): void {
  if ((challenge === "") !== (method === "")) {
    throw badRequest("validation_failed", "PKCE flow requires code_challenge_method and code_challenge");
  }
  if (challenge === "") return;
  if (challenge.length < 43 || challenge.length > 128) {
    throw badRequest("validation_failed", "code challenge has to be between 43 and 128 characters");
  }
  if (!/^[a-zA-Z._~0-9-]+$/.test(challenge)) {
    throw badRequest("validation_failed", "code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes");
  }
}

/** The authentication method a verification `type` stands for (GoTrue's ParseAuthenticationMethod). */
export function authMethodForType(type: string): AuthMethod {
  if (type.endsWith("signup")) return "email/signup";
  const known: Record<string, AuthMethod> = { recovery: "recovery", invite: "invite", magiclink: "magiclink", email_change: "email_change" };
  const method = known[type];
  if (!method) throw badRequest("validation_failed", `unsupported authentication method "${type}"`);
  return method;
}

export async function createFlowState(
  db: Db,
  userId: string,
  providerType: string,
  method: AuthMethod,
  challengeMethod: string,
  challenge: string,
): Promise<void> {
  const normalized = challengeMethod.toLowerCase();
  if (normalized !== "s256" && normalized !== "plain") {
    throw badRequest("validation_failed", `unsupported code_challenge method "${challengeMethod}"`);
  }
  await db.query(
    `insert into auth.flow_state
       (id, user_id, auth_code, code_challenge_method, code_challenge, provider_type, authentication_method, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, now(), now())`,
    [randomUUID(), userId, randomUUID(), normalized, challenge, providerType, method],
  );
}

/** The auth code of the user's newest flow for this method; records when it was issued. */
export async function issueAuthCode(db: Db, userId: string, method: AuthMethod): Promise<string> {
  const { rows } = await db.query<{ id: string; auth_code: string }>(
    `select id, auth_code from auth.flow_state
      where user_id = $1 and authentication_method = $2
      order by created_at desc limit 1`,
    [userId, method],
  );
  const flow = rows[0];
  if (!flow) throw badRequest("flow_state_not_found", "No associated flow state found. 422: No valid flow state found for user.");
  await db.query("update auth.flow_state set auth_code_issued_at = now(), updated_at = now() where id = $1", [flow.id]);
  return flow.auth_code;
}

export interface FlowState {
  id: string;
  user_id: string | null;
  code_challenge: string;
  code_challenge_method: string;
  authentication_method: AuthMethod;
  created_at: Date;
  auth_code_issued_at: Date | null;
}

/** Finds, checks and consumes the flow an auth code belongs to. Returns its user and method. */
export async function redeemAuthCode(db: Db, authCode: string, codeVerifier: string): Promise<FlowState & { user_id: string }> {
  const { rows } = await db.query<FlowState>("select * from auth.flow_state where auth_code = $1 for update", [authCode]);
  const flow = rows[0];
  if (!flow || !flow.user_id) throw notFound("flow_state_not_found", "invalid flow state, no valid flow state found");
  const startedAt = flow.auth_code_issued_at && flow.authentication_method === "magiclink" ? flow.auth_code_issued_at : flow.created_at;
  if (Date.now() > startedAt.getTime() + FLOW_STATE_EXPIRY_MS) {
    throw unprocessable("flow_state_expired", "invalid flow state, flow state has expired");
  }
  const expected =
    flow.code_challenge_method === "s256" ? createHash("sha256").update(codeVerifier).digest("base64url") : codeVerifier;
  const a = Buffer.from(expected);
  const b = Buffer.from(flow.code_challenge);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw badRequest("bad_code_verifier", "code challenge does not match previously saved code verifier");
  }
  await db.query("delete from auth.flow_state where id = $1", [flow.id]);
  return { ...flow, user_id: flow.user_id };
}
