// entra.app-registration: an Entra app with application permissions, admin consent, a client
// secret kept in the secret store, and optionally a directory role.
import { defineStep } from '../../../../steps/contract.ts';
import { applyAppRegistration } from './apply.ts';
import { EntraAppRegistrationParams } from './params.ts';
import { planAppRegistration } from './plan.ts';
import { undoAppRegistration } from './undo.ts';
import { verifyAppRegistration } from './verify.ts';

export const entraAppRegistrationStep = defineStep<EntraAppRegistrationParams>({
  type: 'entra.app-registration',
  description:
    'Create or update an Entra app registration with admin-consented application permissions and a stored client secret',
  params: EntraAppRegistrationParams,
  outputs: ['appId', 'objectId', 'servicePrincipalId', 'secretRef'],
  mutating: true,
  // Microsoft API notes §5: create/upsert apps and grant admin consent, app-only.
  requires: { graph: ['Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All'] },
  plan: planAppRegistration,
  apply: applyAppRegistration,
  verify: verifyAppRegistration,
  undo: undoAppRegistration,
});
