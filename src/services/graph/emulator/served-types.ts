// The Graph v1.0 request bodies the sandbox accepts, by route: entity types written by POST/PATCH
// and bound actions invoked by POST ('<binding type>/<action>'). The committed facts file
// (v1.0-facts.ts) holds what $metadata says about these and every type they reach.
export const SERVED_ENTITY_TYPES = [
  'microsoft.graph.application',
  'microsoft.graph.servicePrincipal',
  'microsoft.graph.appRoleAssignment',
  'microsoft.graph.unifiedRoleAssignment',
  'microsoft.graph.mobileAppCategory',
  'microsoft.graph.win32LobApp',
  'microsoft.graph.mobileAppAssignment',
  'microsoft.graph.mobileAppContent',
  'microsoft.graph.mobileAppContentFile',
] as const;

export const SERVED_ACTIONS = [
  'microsoft.graph.application/addPassword',
  'microsoft.graph.application/removePassword',
  'microsoft.graph.directoryObject/restore',
  'microsoft.graph.mobileAppContentFile/commit',
  'microsoft.graph.mobileAppContentFile/renewUpload',
] as const;
