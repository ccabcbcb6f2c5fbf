// One rule for tests that check against ../shared/reference (the vendors' own descriptions, kept
// beside the repository because their licences forbid copying them in): they never pass vacuously.
// Without the file, a CI run (env CI set, as GitHub Actions, Azure Pipelines and GitLab set it)
// fails the test file with a message saying what is missing; a local run skips and says so plainly.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/reference relative to the repository root. */
export const REFERENCE_ROOT = fileURLToPath(new URL('../../../shared/reference/', import.meta.url));

export interface Reference {
  path: string;
  present: boolean;
  /** For describe/it titles: what is checked, or why it is skipped. */
  title: string;
}

function inCi(): boolean {
  const value = process.env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * `relative` under the reference folder, e.g. 'graph/v1.0-metadata.xml'. Throws when it is
 * missing under CI, which fails the test file at collection; otherwise warns and reports absence.
 */
export function reference(relative: string, what: string): Reference {
  const path = fileURLToPath(new URL(relative, `file://${REFERENCE_ROOT}`));
  const present = existsSync(path);
  if (!present) {
    const message = `${what}: the reference ${path} is missing`;
    if (inCi())
      throw new Error(
        `${message}. CI is set, so this fails instead of skipping: fidelity tests must not pass without their oracle. Put the shared reference folder at ${REFERENCE_ROOT}.`,
      );
    console.warn(`SKIPPED ${message} (set CI=1 to make this a failure).`);
  }
  return { path, present, title: present ? what : `${what} (SKIPPED: ${path} not found)` };
}
