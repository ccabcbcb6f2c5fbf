// Finds every place a secret value appears in texts and files the tool wrote.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function filesUnder(dir: string, skip: (file: string) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (skip(full)) continue;
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, skip));
    else out.push(full);
  }
  return out;
}

/** Each secret in plain, base64 and URL-encoded form, and where it was found. */
export function findSecrets(secrets: string[], texts: Record<string, string>): string[] {
  const hits: string[] = [];
  for (const secret of secrets) {
    const forms = [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)];
    for (const [name, text] of Object.entries(texts)) {
      if (forms.some((form) => text.includes(form))) hits.push(`${name} contains a secret`);
    }
  }
  return hits;
}
