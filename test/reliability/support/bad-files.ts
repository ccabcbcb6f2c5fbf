// The malformed files of the bad-input corpus, written into a test's working folder.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const aliasBomb = readFileSync(new URL('../../runbook/fixtures/alias-bomb.yaml', import.meta.url), 'utf8');

/** 10 MB of well-formed YAML: the size alone must be refused, before any parsing. */
function tenMegabytes(key: string): string {
  const line = `  k: "${'x'.repeat(90)}"\n`;
  return `${key}:\n${Array.from({ length: Math.ceil((10 * 1024 * 1024) / line.length) }, (_, i) => line.replace('k', `k${i}`)).join('')}`;
}

export const badFiles = {
  'truncated.yaml': 'tenantId: "7ac54cb5-d3d4\ninputs: [\n',
  'wrong-type.yaml': 'tenantId: 42\n',
  'alias-bomb.yaml': aliasBomb,
  'non-utf8.yaml': Buffer.concat([
    Buffer.from('inputs:\n  domains: '),
    Buffer.from([0xff, 0xfe, 0x41]),
    Buffer.from('\n'),
  ]),
  'ten-mb.yaml': tenMegabytes('values'),
  'approvals-wrong-type.yaml':
    'approvals:\n  - gate: security-review\n    approver: 7\n    role: Security\n    planHash: abc\n',
  'approvals-truncated.json': '{"approvals": [{"gate": "security-review", "appro',
  'approvals-non-utf8.yaml': Buffer.concat([
    Buffer.from('approvals:\n  - gate: '),
    Buffer.from([0xc3, 0x28]),
    Buffer.from('\n'),
  ]),
  'approvals-ten-mb.yaml': tenMegabytes('approvals'),
  'runbook-truncated.yaml':
    'apiVersion: sop-integrate/v1\nkind: Runbook\nmetadata:\n  integration: "proofpoint\n',
  'runbook-wrong-type.yaml':
    'apiVersion: sop-integrate/v1\nkind: Runbook\nmetadata: { integration: proofpoint, phase: two, title: T }\nsteps: 7\n',
  'runbook-non-utf8.yaml': Buffer.concat([
    Buffer.from('apiVersion: sop-integrate/v1\nkind: Runbook\n# '),
    Buffer.from([0xe2, 0x28, 0xa1]),
    Buffer.from('\n'),
  ]),
  'runbook-ten-mb.yaml': tenMegabytes('metadata'),
} as const satisfies Record<string, string | Buffer>;

export type BadFile = keyof typeof badFiles;

export function writeBadFiles(dir: string): void {
  for (const [name, content] of Object.entries(badFiles)) writeFileSync(path.join(dir, name), content);
}
