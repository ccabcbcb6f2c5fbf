// Who may call InvokeCommand: a token for Exchange Online (a Graph token is refused with 401),
// holding Exchange.ManageAsApp, whose service principal also has an Entra role that Exchange
// honours for connectors and rules (microsoft-api-notes §2.3: 401 with neither, 403 with the app
// role only, 200 with both).
import type { SandboxContext } from '../../../sandbox/context.ts';
import { checkBearer } from '../../../sandbox/identity/tokens.ts';
import { EXCHANGE_RESOURCE } from '../../../sandbox/seed/first-party-roles.ts';
import { EXCHANGE_ADMINISTRATOR_ID } from '../../../sandbox/seed/role-templates.ts';
import { EXCEPTIONS } from './errors.ts';

const GLOBAL_ADMINISTRATOR_ID = '62e90394-69f5-4237-9190-012177145e10';
const HONOURED_ROLES = new Set([EXCHANGE_ADMINISTRATOR_ID, GLOBAL_ADMINISTRATOR_ID]);

export type AccessCheck =
  { ok: true; appId: string } | { ok: false; status: 401 | 403; exceptionType: string; message: string };

const TOKEN_FAILURES = {
  missing: 'The request has no bearer token.',
  invalid: 'The bearer token is not valid.',
  expired: 'The bearer token has expired.',
  'wrong-audience':
    'The token audience is not https://outlook.office365.com; request a token for https://outlook.office365.com/.default.',
} as const;

export function checkAccess(ctx: SandboxContext, authorization: string | undefined): AccessCheck {
  const auth = checkBearer(ctx, authorization, EXCHANGE_RESOURCE);
  if (!auth.ok) {
    return {
      ok: false,
      status: 401,
      exceptionType: EXCEPTIONS.unauthorized,
      message: TOKEN_FAILURES[auth.reason],
    };
  }
  const { appId, roles } = auth.token;
  if (!roles.includes('Exchange.ManageAsApp')) {
    return {
      ok: false,
      status: 401,
      exceptionType: EXCEPTIONS.unauthorized,
      message: `The application ${appId} has no Exchange.ManageAsApp permission with admin consent in this tenant.`,
    };
  }
  const { directory } = ctx.store.state;
  const principal = Object.values(directory.servicePrincipals).find((sp) => sp.appId === appId);
  const hasRole = Object.values(directory.roleAssignments).some(
    (a) => a.principalId === principal?.id && HONOURED_ROLES.has(a.roleDefinitionId),
  );
  if (!hasRole) {
    return {
      ok: false,
      status: 403,
      exceptionType: EXCEPTIONS.unauthorized,
      message: `The application ${appId} has no Entra role that allows managing Exchange; assign it the Exchange Administrator role.`,
    };
  }
  return { ok: true, appId };
}
