// What Intune adds to a win32LobApp body beyond its shape. The shape itself (every property, nested
// complex values, enum members, rule types chosen by '@odata.type', primitive literals) is checked
// against Graph v1.0 $metadata before any handler runs (graph/request-check.ts); v1.0 has `rules`,
// so the beta-only `detectionRules` is refused there as an undeclared property.
import { badRequest } from '../errors.ts';

const REQUIRED_ON_CREATE = [
  'displayName',
  'publisher',
  'fileName',
  'setupFilePath',
  'installCommandLine',
  'uninstallCommandLine',
];

/** Read-only on mobileApp per Intune's resource docs ("This property is read-only"): never written. */
const SERVER_MANAGED = new Set(['id', 'createdDateTime', 'lastModifiedDateTime', 'publishingState', 'size']);

export function checkWin32LobAppBody(body: unknown, creating: boolean): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('The request body must be a JSON object.');
  const fields = body as Record<string, unknown>;
  if (creating && fields['@odata.type'] !== '#microsoft.graph.win32LobApp')
    throw badRequest("The sandbox creates '#microsoft.graph.win32LobApp' apps only.");
  if (creating) {
    for (const required of REQUIRED_ON_CREATE)
      if (typeof fields[required] !== 'string' || fields[required] === '')
        throw badRequest(`Property '${required}' is required for a win32LobApp.`);
  }
  if (fields.rules !== undefined || creating) {
    const rules = fields.rules;
    if (!Array.isArray(rules)) throw badRequest("Property 'rules' must be a collection of win32LobAppRule.");
    const detection = rules.filter((r) => (r as { ruleType?: unknown }).ruleType === 'detection');
    if (detection.length === 0) throw badRequest('A win32LobApp needs at least one detection rule.');
    for (const rule of rules as Record<string, unknown>[]) {
      if (
        rule['@odata.type'] === '#microsoft.graph.win32LobAppProductCodeRule' &&
        rule.ruleType !== 'detection'
      )
        throw badRequest('The product code rule is not supported as a requirement rule.');
    }
  }
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !SERVER_MANAGED.has(name)));
}
