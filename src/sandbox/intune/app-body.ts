// Checks a win32LobApp body the way Graph v1.0 does: only declared properties (v1.0 has `rules`;
// the beta-only `detectionRules` is refused), a detection rule present, enum values valid.
import { badRequest } from '../graph/errors.ts';
import { unknownPropertyMessage } from '../graph/validate.ts';

/** Writable properties of microsoft.graph.win32LobApp in v1.0 (mobileApp + mobileLobApp + own). */
const WRITABLE = new Set([
  '@odata.type',
  'displayName',
  'description',
  'publisher',
  'largeIcon',
  'isFeatured',
  'privacyInformationUrl',
  'informationUrl',
  'owner',
  'developer',
  'notes',
  'fileName',
  'size',
  'committedContentVersion',
  'installCommandLine',
  'uninstallCommandLine',
  'applicableArchitectures',
  'allowedArchitectures',
  'minimumFreeDiskSpaceInMB',
  'minimumMemoryInMB',
  'minimumNumberOfProcessors',
  'minimumCpuSpeedInMHz',
  'minimumSupportedWindowsRelease',
  'rules',
  'installExperience',
  'returnCodes',
  'msiInformation',
  'setupFilePath',
]);

const RULE_TYPES = new Set([
  '#microsoft.graph.win32LobAppProductCodeRule',
  '#microsoft.graph.win32LobAppFileSystemRule',
  '#microsoft.graph.win32LobAppRegistryRule',
  '#microsoft.graph.win32LobAppPowerShellScriptRule',
]);

export function checkWin32LobAppBody(body: unknown, creating: boolean): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('The request body must be a JSON object.');
  const fields = body as Record<string, unknown>;
  for (const name of Object.keys(fields))
    if (!WRITABLE.has(name)) throw badRequest(unknownPropertyMessage(name));
  if (creating && fields['@odata.type'] !== '#microsoft.graph.win32LobApp')
    throw badRequest("The sandbox creates '#microsoft.graph.win32LobApp' apps only.");
  if (creating) {
    for (const required of [
      'displayName',
      'publisher',
      'fileName',
      'setupFilePath',
      'installCommandLine',
      'uninstallCommandLine',
    ])
      if (typeof fields[required] !== 'string' || fields[required] === '')
        throw badRequest(`Property '${required}' is required for a win32LobApp.`);
  }
  if (fields.rules !== undefined || creating) {
    const rules = fields.rules;
    if (!Array.isArray(rules)) throw badRequest("Property 'rules' must be a collection of win32LobAppRule.");
    const detection = rules.filter((r) => (r as { ruleType?: unknown }).ruleType === 'detection');
    if (detection.length === 0) throw badRequest('A win32LobApp needs at least one detection rule.');
    for (const rule of rules as Record<string, unknown>[]) {
      if (!RULE_TYPES.has(String(rule['@odata.type'])))
        throw badRequest(`Invalid rule type '${String(rule['@odata.type'])}' for the v1.0 rules collection.`);
      if (
        rule['@odata.type'] === '#microsoft.graph.win32LobAppProductCodeRule' &&
        rule.ruleType !== 'detection'
      )
        throw badRequest('The product code rule is not supported as a requirement rule.');
    }
  }
  const experience = fields.installExperience as
    { runAsAccount?: unknown; deviceRestartBehavior?: unknown } | undefined;
  if (experience !== undefined) {
    if (!['system', 'user'].includes(String(experience.runAsAccount)))
      throw badRequest("installExperience.runAsAccount must be 'system' or 'user'.");
    if (
      !['basedOnReturnCode', 'allow', 'suppress', 'force'].includes(String(experience.deviceRestartBehavior))
    )
      throw badRequest('installExperience.deviceRestartBehavior is not a valid value.');
  }
  return fields;
}
