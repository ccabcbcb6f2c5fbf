// Built-in Entra directory roles. In roleDefinitions the id of a built-in role equals its template id.
// Exchange, Privileged Role and Application Administrator come from microsoft-api-notes.md §1.7;
// the others are the template ids Microsoft publishes in the Entra built-in roles reference.
import type { RoleDefinitionRecord } from '../state/model.ts';

function builtIn(
  id: string,
  displayName: string,
  description: string,
  actions: string[],
): RoleDefinitionRecord {
  return {
    id,
    description,
    displayName,
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ['/'],
    rolePermissions: [{ allowedResourceActions: actions, condition: null }],
    templateId: id,
    version: '1',
  };
}

export const EXCHANGE_ADMINISTRATOR_ID = '29232cdf-9323-42fd-ade2-1d097af3e4de';

export const ROLE_TEMPLATES: RoleDefinitionRecord[] = [
  builtIn(
    EXCHANGE_ADMINISTRATOR_ID,
    'Exchange Administrator',
    'Can manage all aspects of the Exchange product.',
    ['microsoft.office365.exchange/allEntities/basic/allTasks'],
  ),
  builtIn(
    'e8611ab8-c189-46e8-94e1-60213ab1f814',
    'Privileged Role Administrator',
    'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
    ['microsoft.directory/roleAssignments/allProperties/allTasks'],
  ),
  builtIn(
    '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
    'Application Administrator',
    'Can create and manage all aspects of app registrations and enterprise apps.',
    ['microsoft.directory/applications/allProperties/allTasks'],
  ),
  builtIn(
    '158c047a-c907-4556-b7ef-446551a6b5f7',
    'Cloud Application Administrator',
    'Can create and manage all aspects of app registrations and enterprise apps except App Proxy.',
    ['microsoft.directory/applications/basic/update'],
  ),
  builtIn(
    '62e90394-69f5-4237-9190-012177145e10',
    'Global Administrator',
    'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
    ['microsoft.directory/allEntities/allProperties/allTasks'],
  ),
  builtIn(
    '194ae4cb-b126-40b2-bd5b-6091b380977d',
    'Security Administrator',
    'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.',
    ['microsoft.directory/policies/basic/update'],
  ),
  builtIn(
    '3a2c62db-5318-420d-8d74-23affee5d9d5',
    'Intune Administrator',
    'Can manage all aspects of the Intune product.',
    ['microsoft.intune/allEntities/allTasks'],
  ),
];
