// Public entry points for loading runbooks, bound to the real step registry by default.
import type { AnyStepHandler } from '../steps/contract.ts';
import { stepHandlers } from '../steps/registry.ts';
import { loadRunbookFile, parseRunbookText } from './parse-runbook.ts';
import type { LoadedRunbook } from './types.ts';

/** Read, parse and validate a runbook file; throws RunbookError listing every problem. */
export async function loadRunbook(
  file: string,
  handlers: readonly AnyStepHandler[] = stepHandlers,
): Promise<LoadedRunbook> {
  return loadRunbookFile(file, handlers);
}

/** Parse and validate runbook text (already read); throws RunbookError listing every problem. */
export function parseRunbook(
  file: string,
  text: string,
  handlers: readonly AnyStepHandler[] = stepHandlers,
): LoadedRunbook {
  return parseRunbookText(file, text, handlers);
}
