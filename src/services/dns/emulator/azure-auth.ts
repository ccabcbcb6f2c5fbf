// ARM's bearer check: a token issued by the sandbox login service for the ARM audience. The
// answers copy ARM's codes (AuthenticationFailed, InvalidAuthenticationToken,
// ExpiredAuthenticationToken) and its WWW-Authenticate challenge naming the authority.
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { SandboxReply } from '../../../sandbox/http/types.ts';
import { checkBearer } from '../../../sandbox/identity/tokens.ts';
import { sha256Hex } from '../../../sandbox/ids.ts';
import { ARM_RESOURCE, armError } from './azure-arm.ts';

const ALLOWED_AUDIENCES =
  "'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'";

function challenge(tenantId: string, description: string): Record<string, string> {
  return {
    'www-authenticate': `Bearer authorization_uri="https://login.windows.net/${tenantId}", error="invalid_token", error_description="${description}"`,
  };
}

/** The audience a (wrong-audience) token was issued for, to quote it as ARM does. */
function audienceOf(ctx: SandboxContext, authorization: string): string {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1] ?? '';
  return ctx.store.state.identity.tokens[sha256Hex(token)]?.resource ?? 'unknown';
}

/** undefined when the request carries a valid ARM token; otherwise ARM's 401 answer. */
export function armAuthFailure(
  ctx: SandboxContext,
  authorization: string | undefined,
): SandboxReply | undefined {
  const check = checkBearer(ctx, authorization, ARM_RESOURCE);
  if (check.ok) return undefined;
  const tenantId = ctx.store.state.tenant.id;
  switch (check.reason) {
    case 'missing':
      return armError(
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
        challenge(tenantId, "The authentication failed because of missing 'Authorization' header."),
      );
    case 'invalid':
      return armError(
        401,
        'InvalidAuthenticationToken',
        'The access token is invalid.',
        challenge(tenantId, 'The access token is invalid.'),
      );
    case 'expired':
      return armError(
        401,
        'ExpiredAuthenticationToken',
        'The access token expiry UTC time is earlier than current UTC time.',
        challenge(tenantId, 'The access token has expired.'),
      );
    case 'wrong-audience': {
      const audience = audienceOf(ctx, authorization ?? '');
      return armError(
        401,
        'InvalidAuthenticationToken',
        `The access token has been obtained for wrong audience or resource '${audience}'. It should exactly match with one of the allowed audiences ${ALLOWED_AUDIENCES}.`,
        challenge(tenantId, 'The access token has been obtained for wrong audience or resource.'),
      );
    }
  }
}
