// Opaque bearer tokens mapped server-side to {appId, resource, roles, expiry}. Roles are frozen at
// issue time, as in Entra: a grant made later needs a new token.
import type { SandboxContext } from '../context.ts';
import { newAccessToken, sha256Hex } from '../ids.ts';
import type { IssuedToken } from '../state/model.ts';

export const TOKEN_LIFETIME_SECONDS = 3599;

export function issueToken(ctx: SandboxContext, appId: string, resource: string, roles: string[]): string {
  const token = newAccessToken();
  const issuedAt = ctx.now();
  ctx.store.state.identity.tokens[sha256Hex(token)] = {
    appId,
    resource,
    roles,
    issuedAt,
    expiresAt: issuedAt + TOKEN_LIFETIME_SECONDS * 1000,
  };
  ctx.secrets.register(token);
  return token;
}

export type TokenCheck =
  | { ok: true; token: IssuedToken }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'wrong-audience' };

/** Check an Authorization header for a token issued for `resource`. */
export function checkBearer(
  ctx: SandboxContext,
  authorization: string | undefined,
  resource: string,
): TokenCheck {
  if (authorization === undefined || authorization.trim() === '') return { ok: false, reason: 'missing' };
  const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!m) return { ok: false, reason: 'invalid' };
  const token = ctx.store.state.identity.tokens[sha256Hex(m[1]!)];
  if (!token) return { ok: false, reason: 'invalid' };
  if (token.expiresAt <= ctx.now()) return { ok: false, reason: 'expired' };
  if (token.resource !== resource) return { ok: false, reason: 'wrong-audience' };
  return { ok: true, token };
}

export function expireAllTokens(ctx: SandboxContext): void {
  const past = ctx.now() - 1000;
  for (const token of Object.values(ctx.store.state.identity.tokens))
    token.expiresAt = Math.min(token.expiresAt, past);
}
