// Reads Detection.xml with an XML parser (never by matching text: real files wrap the root start
// tag differently) and checks it with a strict-where-it-matters schema.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import { printable } from '../zip/quote-name.ts';
import { ENCRYPTION_ELEMENTS, type DetectionInfo } from './types.ts';

const text = z.string().trim();
const count = z.string().regex(/^\d+$/, 'a whole number').transform(Number);
const bool = z.enum(['true', 'false']).transform((value) => value === 'true');

const EncryptionInfoXml = z.object(Object.fromEntries(ENCRYPTION_ELEMENTS.map(([name]) => [name, text])));

const MsiInfoXml = z.object({
  MsiProductCode: text,
  MsiProductVersion: text.default(''),
  MsiPackageCode: text.default(''),
  MsiUpgradeCode: text.default(''),
  MsiExecutionContext: z.enum(['System', 'User', 'Any']).default('System'),
  MsiRequiresLogon: bool.default(false),
  MsiRequiresReboot: bool.default(false),
  MsiIsMachineInstall: bool.default(false),
  MsiIsUserInstall: bool.default(false),
  MsiIncludesServices: bool.default(false),
  MsiIncludesODBCDataSource: bool.default(false),
  MsiContainsSystemRegistryKeys: bool.default(false),
  MsiContainsSystemFolders: bool.default(false),
  MsiPublisher: text.default(''),
});

const ApplicationInfoXml = z.object({
  '@_ToolVersion': text,
  Name: text,
  Description: z.string().optional(),
  UnencryptedContentSize: count,
  FileName: text,
  SetupFile: text,
  EncryptionInfo: EncryptionInfoXml,
  MsiInfo: MsiInfoXml.optional(),
});

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

/** One EncryptionInfo element (the schema requires every one, so a miss is a bug). */
function field(values: Record<string, string>, name: string): string {
  const value = values[name];
  if (value === undefined) throw new Error(`EncryptionInfo.${name} passed the schema but is missing`);
  return value;
}

function invalid(source: string, message: string): InputError {
  // The parser's messages quote the document, which may hold control characters.
  return new InputError(`${source} is not a valid Detection.xml: ${printable(message)}`);
}

/**
 * A document type declaration is where entities are defined (internal ones that expand a few
 * bytes into gigabytes, external ones that read files or URLs). Detection.xml never has one, so
 * any `<!DOCTYPE` or `<!ENTITY` is refused before a parser sees the text. Matched without regard
 * to case or spacing, which also catches forms a lenient parser might accept.
 */
const DECLARATION = /<!\s*(doctype|entity)/i;

function parseDocument(xml: string, source: string): Record<string, unknown> {
  if (DECLARATION.test(xml)) {
    throw invalid(source, 'it has a DOCTYPE or ENTITY declaration, which Detection.xml never has');
  }
  try {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw invalid(source, `${valid.err.msg} (line ${valid.err.line})`);
    return parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof InputError) throw error;
    // The parser throws plain errors (and RangeError on absurd nesting) for what it cannot read.
    throw invalid(source, (error as Error).message);
  }
}

export function parseDetectionXml(xml: string, source = 'Detection.xml'): DetectionInfo {
  const document = parseDocument(xml, source);
  const parsed = ApplicationInfoXml.safeParse(document['ApplicationInfo']);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(
      source,
      `${issue?.path.join('.') || 'ApplicationInfo'}: ${issue?.message ?? 'unexpected shape'}`,
    );
  }
  const xmlInfo = parsed.data;
  const msi = xmlInfo.MsiInfo;
  const info: DetectionInfo = {
    toolVersion: xmlInfo['@_ToolVersion'],
    name: xmlInfo.Name,
    unencryptedContentSize: xmlInfo.UnencryptedContentSize,
    fileName: xmlInfo.FileName,
    setupFile: xmlInfo.SetupFile,
    encryptionInfo: {
      encryptionKey: field(xmlInfo.EncryptionInfo, 'EncryptionKey'),
      macKey: field(xmlInfo.EncryptionInfo, 'MacKey'),
      initializationVector: field(xmlInfo.EncryptionInfo, 'InitializationVector'),
      mac: field(xmlInfo.EncryptionInfo, 'Mac'),
      profileIdentifier: field(xmlInfo.EncryptionInfo, 'ProfileIdentifier'),
      fileDigest: field(xmlInfo.EncryptionInfo, 'FileDigest'),
      fileDigestAlgorithm: field(xmlInfo.EncryptionInfo, 'FileDigestAlgorithm'),
    },
  };
  if (xmlInfo.Description !== undefined) info.description = xmlInfo.Description;
  if (msi) {
    info.msiInfo = {
      productCode: msi.MsiProductCode,
      productVersion: msi.MsiProductVersion,
      packageCode: msi.MsiPackageCode,
      upgradeCode: msi.MsiUpgradeCode,
      executionContext: msi.MsiExecutionContext,
      requiresLogon: msi.MsiRequiresLogon,
      requiresReboot: msi.MsiRequiresReboot,
      isMachineInstall: msi.MsiIsMachineInstall,
      isUserInstall: msi.MsiIsUserInstall,
      includesServices: msi.MsiIncludesServices,
      includesOdbcDataSource: msi.MsiIncludesODBCDataSource,
      containsSystemRegistryKeys: msi.MsiContainsSystemRegistryKeys,
      containsSystemFolders: msi.MsiContainsSystemFolders,
      publisher: msi.MsiPublisher,
    };
  }
  return info;
}
