// Hard limits on what a runbook file may be. A runbook is a page or two of YAML; anything far
// larger is a mistake or an attack on the parser, and is refused before it is parsed.

/** Largest runbook file accepted, in bytes. */
export const MAX_RUNBOOK_BYTES = 1024 * 1024;

/** Alias dereferences allowed while building the document (yaml's `maxAliasCount`). */
export const MAX_ALIAS_COUNT = 100;

/**
 * Largest size the document may grow to once every alias is expanded, counted in source
 * characters. Catches a few aliases to one huge anchor, which `maxAliasCount` lets through.
 */
export const MAX_EXPANDED_CHARS = MAX_RUNBOOK_BYTES;
