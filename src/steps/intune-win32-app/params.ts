// `with:` of intune.win32-app. The install token is named, never given: it is read from the
// secret store at apply time only.
import { z } from 'zod';

const guidInBraces = z
  .string()
  .regex(/^\{[0-9A-Fa-f-]{36}\}$/, 'must be an MSI product code like {XXXXXXXX-…}');

export const Detection = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('msi') }),
  z.strictObject({
    type: z.literal('file'),
    path: z.string().min(1),
    fileOrFolderName: z.string().min(1),
    check32BitOn64System: z.boolean().default(true),
  }),
  z.strictObject({
    type: z.literal('registry'),
    keyPath: z.string().min(1),
    valueName: z.string().min(1).optional(),
    check32BitOn64System: z.boolean().default(true),
  }),
]);
export type Detection = z.infer<typeof Detection>;

export const IntuneWin32AppParams = z.strictObject({
  displayName: z.string().min(1).max(256),
  description: z.string().min(1).default('NinjaOne RMM agent, deployed by sop-integrate'),
  publisher: z.string().min(1).default('NinjaOne'),
  /** Intune app category by display name (built-in, e.g. "Computer management", or custom). */
  category: z.string().trim().min(1).max(256).optional(),
  /** Create `category` as a custom category when the tenant has none of that name. */
  createCategory: z.boolean().default(false),
  installer: z.strictObject({
    path: z.string().min(1),
    fileName: z.string().regex(/^[\w.-]+\.msi$/i),
    productCode: guidInBraces,
    productVersion: z.string().min(1),
    productName: z.string().default('NinjaOneAgent'),
    manufacturer: z.string().default('NinjaOne'),
    upgradeCode: z.string().default(''),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  /** Secret holding the organization's install token (e.g. written there by an operator). */
  installToken: z.strictObject({ store: z.string().optional(), name: z.string().min(1) }),
  /** MSI property that carries the token (community scripts use TOKENID). */
  tokenProperty: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/)
    .default('TOKENID'),
  detection: Detection.default({ type: 'msi' }),
  architecture: z.enum(['x86', 'x64', 'neutral']).default('x64'),
  minimumWindowsRelease: z.string().default('1607'),
});
export type IntuneWin32AppParams = z.infer<typeof IntuneWin32AppParams>;
