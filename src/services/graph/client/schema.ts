// Zod schemas of the Graph v1.0 shapes this adapter reads. Only the fields we use; vendors add
// properties freely, so objects are not strict and optional fields fall back with `.catch()`.
import { z } from 'zod';

const nullableText = z.string().nullable().optional().catch(null);

export const ResourceAccess = z.object({ id: z.string(), type: z.string() });
export type ResourceAccess = z.infer<typeof ResourceAccess>;

export const RequiredResourceAccess = z.object({
  resourceAppId: z.string(),
  resourceAccess: z.array(ResourceAccess).catch([]),
});
export type RequiredResourceAccess = z.infer<typeof RequiredResourceAccess>;

export const PasswordCredential = z.object({
  keyId: z.string(),
  displayName: nullableText,
  endDateTime: nullableText,
  hint: nullableText,
});
export type PasswordCredential = z.infer<typeof PasswordCredential>;

/** addPassword's answer: the only time Graph ever returns `secretText`. */
export const AddedPassword = PasswordCredential.extend({ secretText: z.string().min(1) });
export type AddedPassword = z.infer<typeof AddedPassword>;

export const Application = z.object({
  id: z.string(),
  appId: z.string(),
  displayName: z.string(),
  uniqueName: nullableText,
  notes: nullableText,
  requiredResourceAccess: z.array(RequiredResourceAccess).catch([]),
  passwordCredentials: z.array(PasswordCredential).catch([]),
});
export type Application = z.infer<typeof Application>;

export const AppRole = z.object({
  id: z.string(),
  value: nullableText,
  displayName: nullableText,
  description: nullableText,
  allowedMemberTypes: z.array(z.string()).catch([]),
  isEnabled: z.boolean().catch(true),
});
export type AppRole = z.infer<typeof AppRole>;

export const ServicePrincipal = z.object({
  id: z.string(),
  appId: z.string(),
  displayName: nullableText,
  notes: nullableText,
  appRoles: z.array(AppRole).catch([]),
});
export type ServicePrincipal = z.infer<typeof ServicePrincipal>;

export const AppRoleAssignment = z.object({
  id: z.string(),
  principalId: z.string(),
  resourceId: z.string(),
  appRoleId: z.string(),
});
export type AppRoleAssignment = z.infer<typeof AppRoleAssignment>;

export const RoleAssignment = z.object({
  id: z.string(),
  principalId: z.string(),
  roleDefinitionId: z.string(),
  directoryScopeId: z.string().catch('/'),
});
export type RoleAssignment = z.infer<typeof RoleAssignment>;

export const RoleDefinition = z.object({
  id: z.string(),
  displayName: z.string(),
  templateId: nullableText,
});
export type RoleDefinition = z.infer<typeof RoleDefinition>;

export const Group = z.object({ id: z.string(), displayName: z.string() });
export type Group = z.infer<typeof Group>;

export const SignIn = z.object({
  id: z.string(),
  appId: z.string(),
  createdDateTime: z.string(),
  status: z
    .object({ errorCode: z.number().catch(0) })
    .nullable()
    .optional()
    .catch(null),
});
export type SignIn = z.infer<typeof SignIn>;

export const DirectoryObject = z.object({ id: z.string() });

export function Page<Item extends z.ZodType>(item: Item) {
  return z.object({
    value: z.array(item),
    '@odata.nextLink': z.string().optional().catch(undefined),
  });
}

export const GraphErrorBody = z.object({
  error: z.object({
    code: z.string().optional().catch(undefined),
    message: z.string().optional().catch(undefined),
    innerError: z.record(z.string(), z.unknown()).optional().catch(undefined),
  }),
});

export const BatchItemResponse = z.object({
  id: z.string(),
  status: z.number(),
  headers: z.record(z.string(), z.string()).optional().catch(undefined),
  body: z.unknown().optional(),
});
export type BatchItemResponse = z.infer<typeof BatchItemResponse>;

export const BatchResponse = z.object({ responses: z.array(BatchItemResponse) });
