// Text that may end up in an error message passes through here: registered secrets are blanked
// by the Redactor, and credential-shaped fragments (bearer tokens, secretText, client_secret
// form fields) are blanked even when nobody registered them.
import type { Redactor } from '../../redact.ts';

const PATTERNS: [RegExp, string][] = [
  [/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[REDACTED]'],
  [
    /("(?:secretText|client_secret|access_token|refresh_token|password)"\s*:\s*")[^"]*(")/gi,
    '$1[REDACTED]$2',
  ],
  [/((?:client_secret|client_assertion|access_token|password)=)[^&\s]+/gi, '$1[REDACTED]'],
];

/** Longest vendor text we quote; bodies can be large and are rarely useful past this. */
const MAX_QUOTE = 500;

export function sanitizeText(text: string, redactor: Redactor): string {
  let out = redactor.text(text);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out.length > MAX_QUOTE ? `${out.slice(0, MAX_QUOTE)}…` : out;
}
