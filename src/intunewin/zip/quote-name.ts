// How messages show text from an untrusted zip (entry names, a parser's message quoting the
// document): control characters escaped so they cannot reach the terminal, names quoted so their
// exact form (a trailing space, the case) is visible, and cut so an over-long name cannot flood
// the output.

// C0 and C1 controls, DEL, and the two Unicode line separators.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function printable(text: string): string {
  return text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A name in double quotes, escaped as JSON (plus the controls JSON leaves), at most 120 chars. */
export function quoteName(name: string): string {
  return printable(JSON.stringify(name.length > 120 ? `${name.slice(0, 117)}...` : name));
}
