// `with:` of intune.win32-app. The install token is named, never given: it is read from the
// secret store at apply time only, and only when the runbook opts in to putting it in Intune.
import { z } from 'zod';
import { AGENT_REGISTRY_KEY } from './agent-facts.ts';

const guidInBraces = z
  .string()
  .regex(/^\{[0-9A-Fa-f-]{36}\}$/, 'must be an MSI product code like {XXXXXXXX-…}');

/**
 * Intune's manual detection rules, by file or registry. There is deliberately no MSI product-code
 * rule: NinjaOne does not document the agent's product code as stable, and the agent updates
 * itself, so a product-code rule stops detecting it and Intune reinstalls the old MSI on every
 * device (vendor-api-notes §4.4).
 */
export const Detection = z.discriminatedUnion('type', [
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

/**
 * Graph's windowsArchitecture is a flags enum (none, x86, x64, arm, neutral in the v1.0 CSDL),
 * written comma-separated. It has no arm64 member; see body.ts for why ARM64 is not targeted.
 */
const Architecture = z.enum(['x86', 'x64']);

export const IntuneWin32AppParams = z
  .strictObject({
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
      /**
       * Where ninjaone.installer downloaded it from: when the file is gone at a resume, it is
       * downloaded again from here and must still have `sha256`. Without them a gone file is refused.
       */
      organizationId: z.number().int().positive().optional(),
      locationId: z.number().int().positive().optional(),
    }),
    /**
     * Only for the generic (tokenized) installer: the secret holding the install token. The
     * per-location MSI the ninjaone.installer step downloads is pre-bound to its organization and
     * location and takes no token. A token here ends up readable in the app's installCommandLine
     * in Intune, so it needs `tokenInInstallCommand: true` as well.
     */
    installToken: z.strictObject({ store: z.string().optional(), name: z.string().min(1) }).optional(),
    /** The explicit opt-in to storing the install token readable in Intune. */
    tokenInInstallCommand: z.boolean().default(false),
    /** MSI property that carries the token (community scripts use TOKENID; NinjaOne names none). */
    tokenProperty: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/)
      .default('TOKENID'),
    detection: Detection.default({
      type: 'registry',
      keyPath: AGENT_REGISTRY_KEY,
      check32BitOn64System: true,
    }),
    architectures: z.array(Architecture).min(1).default(['x86', 'x64']),
    minimumWindowsRelease: z.string().default('1607'),
  })
  .refine((p) => p.installToken === undefined || p.tokenInInstallCommand, {
    message:
      'installToken puts the token readable in the Intune app (installCommandLine); set tokenInInstallCommand: true to accept that, or drop installToken for the per-location MSI',
    path: ['tokenInInstallCommand'],
  });
export type IntuneWin32AppParams = z.infer<typeof IntuneWin32AppParams>;
