// How messages show an entry name from an untrusted zip: quoted and escaped, so control
// characters cannot reach the terminal and the name's exact form (trailing space, case) is
// visible, and cut to 120 characters so an over-long name does not flood the output.
export function quoteName(name: string): string {
  const quoted = JSON.stringify(name.length > 120 ? `${name.slice(0, 117)}...` : name);
  // JSON.stringify leaves DEL, the C1 controls and U+2028/9 as they are; escape them too.
  return quoted.replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Any other text from an untrusted file (a parser's message quoting it): controls escaped. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
