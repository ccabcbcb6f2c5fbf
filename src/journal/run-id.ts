// Run ids sort by time: a UTC timestamp plus a short random suffix, e.g. 20261126T061502Z-4f2a.
import { randomBytes } from 'node:crypto';

export const RUN_ID_PATTERN = /^\d{8}T\d{6}Z-[0-9a-f]{4}$/;

export function newRunId(now: Date, suffix: string = randomBytes(2).toString('hex')): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-${suffix}`;
}

export function isRunId(value: string): boolean {
  return RUN_ID_PATTERN.test(value);
}
