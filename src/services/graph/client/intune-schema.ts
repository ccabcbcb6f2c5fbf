// Zod schemas of the Intune shapes the Graph adapter reads (microsoft-api-notes §3, §4).
import { z } from 'zod';

const optionalText = z.string().nullable().optional().catch(undefined);

export const Win32LobApp = z.object({
  id: z.string(),
  displayName: z.string(),
  publisher: z.string().nullable().catch(''),
  description: optionalText,
  notes: optionalText,
  fileName: optionalText,
  committedContentVersion: optionalText,
  installCommandLine: optionalText,
  uninstallCommandLine: optionalText,
  setupFilePath: optionalText,
  applicableArchitectures: optionalText,
  minimumSupportedWindowsRelease: optionalText,
  // Kept whole (loose), so a step can put back exactly what it replaced.
  installExperience: z.record(z.string(), z.unknown()).nullable().optional().catch(undefined),
  returnCodes: z.array(z.record(z.string(), z.unknown())).nullable().optional().catch(undefined),
  msiInformation: z
    .looseObject({ productCode: optionalText, productVersion: optionalText, upgradeCode: optionalText })
    .nullable()
    .optional()
    .catch(undefined),
  rules: z.array(z.record(z.string(), z.unknown())).optional().catch(undefined),
});
export type Win32LobApp = z.infer<typeof Win32LobApp>;

export const ContentVersion = z.object({ id: z.string() });

export const UploadState = z.string();

export const ContentFile = z.object({
  id: z.string(),
  name: optionalText,
  size: z.number().nullable().optional(),
  sizeEncrypted: z.number().nullable().optional(),
  isCommitted: z.boolean().optional().catch(false),
  uploadState: UploadState,
  azureStorageUri: optionalText,
  azureStorageUriExpirationDateTime: optionalText,
});
export type ContentFile = z.infer<typeof ContentFile>;

export const MobileAppAssignment = z.object({
  id: z.string(),
  intent: z.string(),
  target: z.looseObject({ '@odata.type': z.string(), groupId: optionalText }),
});
export type MobileAppAssignment = z.infer<typeof MobileAppAssignment>;

export const ManagedDevice = z.object({
  id: z.string(),
  deviceName: z.string().nullable().catch(''),
  serialNumber: z.string().nullable().catch(''),
  operatingSystem: optionalText,
  userPrincipalName: optionalText,
});
export type ManagedDevice = z.infer<typeof ManagedDevice>;

export const ManagedDevicePage = z.object({
  value: z.array(ManagedDevice),
  '@odata.nextLink': z.string().optional(),
});

/** The Intune reports table: column names, then rows of values by column index. */
export const ReportTable = z.object({
  TotalRowCount: z.number().optional(),
  Schema: z.array(z.object({ Column: z.string() })),
  Values: z.array(z.array(z.unknown())),
});
