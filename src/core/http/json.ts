/** Parses JSON, or returns undefined: error bodies are often HTML or empty, which is not a failure of its own. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
