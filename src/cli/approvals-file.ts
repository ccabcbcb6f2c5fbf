// Approvals files: written by `sop-integrate approve ... --file`, passed between pipeline jobs,
// read by `--approvals`. Each approval is bound to one plan hash.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import type { Approval } from '../engine/types.ts';
import { InputError } from '../errors.ts';

const MAX_APPROVALS_BYTES = 1024 * 1024;
/** Clocks of the approver's machine and this one may differ this much. */
export const CLOCK_SKEW_MS = 5 * 60_000;

const ApprovalEntry = z.strictObject({
  gate: z.string().min(1),
  approver: z.string().min(1),
  role: z.string().min(1),
  evidence: z.record(z.string(), z.string()).default({}),
  planHash: z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be the 64-hex plan hash' }),
  approvedAt: z.iso.datetime({ offset: true }).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

type Entry = z.infer<typeof ApprovalEntry>;

const ApprovalsFile = z.strictObject({
  kind: z.literal('sop-integrate/approvals').default('sop-integrate/approvals'),
  approvals: z.array(ApprovalEntry),
});

export async function readApprovalsFile(file: string, now = new Date()): Promise<Approval[]> {
  return (await readEntries(file, now)).map((entry) => ({
    gate: entry.gate,
    approver: entry.approver,
    role: entry.role,
    evidence: entry.evidence,
    planHash: entry.planHash,
    ...(entry.expiresAt ? { expiresAt: entry.expiresAt } : {}),
  }));
}

async function readEntries(file: string, now: Date): Promise<Entry[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new InputError(`approvals file ${file} cannot be read`, [
      { file, message: 'check the --approvals path' },
    ]);
  }
  // An approvals file holds a few entries: refuse a huge one before the YAML parser spends
  // minutes on it, and invalid bytes instead of silently replacing them.
  if (bytes.length > MAX_APPROVALS_BYTES) {
    throw new InputError(
      `approvals file ${file} is ${bytes.length} bytes; the limit is ${MAX_APPROVALS_BYTES}`,
      [{ file, message: 'an approvals file holds a few approvals: check the --approvals path' }],
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`approvals file ${file} is not UTF-8 text`, [
      { file, message: 'save the file as UTF-8' },
    ]);
  }
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 50, uniqueKeys: true });
  } catch (error) {
    throw new InputError(`approvals file ${file} is not valid YAML/JSON`, [
      { file, message: (error as Error).message.split('\n')[0] ?? '' },
    ]);
  }
  const parsed = ApprovalsFile.safeParse(data);
  if (!parsed.success) {
    throw new InputError(
      `approvals file ${file} is malformed`,
      parsed.error.issues.map((issue) => ({
        file,
        message: `${issue.path.join('.') || '(top level)'}: ${issue.message}`,
      })),
      {
        hint: 'write approvals with `sop-integrate approve <plan.json> --gate <id> ... --file <approvals file>`',
      },
    );
  }
  const problems = parsed.data.approvals.flatMap((entry, index) => timeProblems(entry, index, now));
  if (problems.length > 0) {
    throw new InputError(
      `approvals file ${file} has impossible times`,
      problems.map((message) => ({ file, message })),
      { hint: 'record approvals with `sop-integrate approve`, which dates them itself' },
    );
  }
  return parsed.data.approvals;
}

/** An approval dated in the future, or expiring before it was given, was not made by `approve`. */
function timeProblems(entry: Entry, index: number, now: Date): string[] {
  const problems: string[] = [];
  const approvedAt = entry.approvedAt === undefined ? undefined : Date.parse(entry.approvedAt);
  if (approvedAt !== undefined && approvedAt > now.getTime() + CLOCK_SKEW_MS) {
    problems.push(
      `approvals.${index}.approvedAt: ${entry.approvedAt} is in the future (now ${now.toISOString()})`,
    );
  }
  if (
    approvedAt !== undefined &&
    entry.expiresAt !== undefined &&
    Date.parse(entry.expiresAt) <= approvedAt
  ) {
    problems.push(
      `approvals.${index}.expiresAt: ${entry.expiresAt} is not after approvedAt ${entry.approvedAt}`,
    );
  }
  return problems;
}

/** Append one approval (atomically: write a temp file, then rename). */
export async function appendApproval(file: string, approval: Approval, approvedAt: Date): Promise<void> {
  // The entries as they are, approvedAt included.
  const existing = existsSync(file) ? await readEntries(file, approvedAt) : [];
  const approvals = [...existing, { ...approval, approvedAt: approvedAt.toISOString() }];
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, stringify({ kind: 'sop-integrate/approvals', approvals }), { mode: 0o600 });
  await rename(temp, file);
}
