// A valid runbook loads with defaults applied, `with:` kept as written, the hash of its bytes and
// correct source positions; an invalid one reports every problem at once.
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError, RunbookError } from '../../src/errors.ts';
import { loadRunbookFile, parseRunbookText } from '../../src/runbook/parse-runbook.ts';
import { testHandlers } from './fake-handlers.ts';
import { BASE, edit, problemsOf, show } from './helpers.ts';

const validFile = fileURLToPath(new URL('fixtures/valid.yaml', import.meta.url));

describe('loading a valid runbook', () => {
  it('returns the runbook with defaults applied and with: exactly as written', async () => {
    const loaded = await loadRunbookFile(validFile, testHandlers);
    const { runbook } = loaded;
    expect(runbook.metadata).toEqual({
      integration: 'proofpoint',
      phase: 3,
      title: 'Directory sync',
      sop: '6.0 Proofpoint, Phase 3',
    });
    expect(runbook.inputs.domains).toEqual({ type: 'domain-list', required: true });
    expect(runbook.inputs.retention).toEqual({ type: 'number', required: false, default: 42 });
    expect(runbook.gates['security-review']).toEqual({
      approverRole: 'Security',
      evidence: ['ticketId'],
      show: 'permissions',
    });
    expect(runbook.steps.map((step) => [step.id, step.type, step.gate])).toEqual([
      ['sync-app', 'test.create-app', 'security-review'],
      ['settle', 'test.wait', undefined],
      ['tell-admin', 'test.note', undefined],
    ]);
    // Templates stay unresolved, and the handler's defaults are not applied to the raw block.
    expect(runbook.steps[0]?.with).toEqual({
      displayName: 'Proofpoint-Directory-Sync',
      permissions: ['User.Read.All', 'Group.Read.All'],
      secretDays: '${inputs.retention}',
      store: '${config.secretStore}',
    });
    expect(loaded.warnings).toEqual([]);
  });

  it('hashes the bytes of the file (sha256)', async () => {
    const bytes = await import('node:fs/promises').then((fs) => fs.readFile(validFile));
    const loaded = await loadRunbookFile(validFile, testHandlers);
    expect(loaded.hash).toBe(createHash('sha256').update(bytes).digest('hex'));
    const changed = parseRunbookText(
      'x.yaml',
      bytes.toString('utf8').replace('phase: 3', 'phase: 4'),
      testHandlers,
    );
    expect(changed.hash).not.toBe(loaded.hash);
    expect(changed.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('places paths at their line and column', async () => {
    const loaded = await loadRunbookFile(validFile, testHandlers);
    expect(loaded.placeOf(['metadata', 'phase'])).toEqual({ file: validFile, line: 6, col: 10 });
    expect(loaded.placeOf(['steps', 0, 'with', 'displayName'])).toEqual({
      file: validFile,
      line: 25,
      col: 20,
    });
    expect(loaded.placeOf(['steps', 0, 'with', 'permissions', 1])).toEqual({
      file: validFile,
      line: 26,
      col: 36,
    });
    expect(loaded.placeOf(['steps', 1])).toEqual({ file: validFile, line: 29, col: 5 });
    expect(loaded.placeOf(['gates', 'security-review', 'evidence', 0])).toEqual({
      file: validFile,
      line: 18,
      col: 16,
    });
    // A path that does not exist points at its deepest existing ancestor.
    expect(loaded.placeOf(['steps', 2, 'with', 'missing'])).toEqual({ file: validFile, line: 38, col: 7 });
  });

  it('warns about a gate that no step uses, and still loads', () => {
    const text = edit(
      '  cto-approval: { approverRole: CTO, evidence: [changeId] }\n',
      '  cto-approval: { approverRole: CTO, evidence: [changeId] }\n  legal-review: { approverRole: Legal }\n',
    );
    const loaded = parseRunbookText('gates.yaml', text, testHandlers);
    expect(loaded.warnings?.map(show)).toEqual([
      '13:3 gate "legal-review" is declared but no step uses it; add "gate: legal-review" to the step it guards, or remove it [unused-gates]',
    ]);
  });

  it('accepts a mutating step type that declares why it is irreversible', () => {
    const text = edit(
      'type: test.wait\n    title: Wait for replication\n    with:\n      duration: "${inputs.waitFor}"\n      reason: "app ${steps.make-app.outputs.appId} replicates"\n',
      'type: test.send-mail\n    title: Tell the team\n    with: { to: "${config.teamMail}" }\n',
    );
    expect(parseRunbookText('mail.yaml', text, testHandlers).runbook.steps[1]?.with).toEqual({
      to: '${config.teamMail}',
    });
  });
});

describe('reporting problems', () => {
  it('reports all problems at once, sorted by place', () => {
    let text = edit('phase: 2', 'phase: two');
    text = edit('gate: cto-approval', 'gate: cfo-approval', text);
    text = edit('id: pause', 'id: make-app', text);
    text = edit('${inputs.waitFor}', '${env.PATH}', text);
    const problems = problemsOf(text).map(show);
    expect(problems).toHaveLength(4);
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['5:10', '17:11', '21:9', '25:18']);
  });

  it('throws RunbookError naming the file in every problem', () => {
    expect(() => parseRunbookText('phase-9.yaml', edit('kind: Runbook', 'kind: Book'), testHandlers)).toThrow(
      RunbookError,
    );
    expect(
      problemsOf(edit('kind: Runbook', 'kind: Book'), 'phase-9.yaml').every((p) => p.file === 'phase-9.yaml'),
    ).toBe(true);
  });

  it('still runs the semantic rules when the schema failed elsewhere', () => {
    const text = edit('phase: 2', 'phase: -1', edit('gate: cto-approval', 'gate: nope'));
    expect(problemsOf(text).map((p) => p.message)).toEqual([
      expect.stringContaining('"metadata.phase" must be at least 1') as string,
      expect.stringContaining('[gate-exists]') as string,
    ]);
  });

  it('refuses a file over 1 MB before reading it, and a missing file as an input error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runbook-'));
    const big = join(dir, 'big.yaml');
    await writeFile(big, `${BASE}#${' '.repeat(1024 * 1024)}\n`);
    await expect(loadRunbookFile(big, testHandlers)).rejects.toMatchObject({
      problems: [
        {
          file: big,
          line: 1,
          col: 1,
          message: expect.stringContaining('over the limit of 1048576 bytes') as string,
        },
      ],
    });
    await expect(loadRunbookFile(join(dir, 'absent.yaml'), testHandlers)).rejects.toBeInstanceOf(InputError);
  });

  it('reports a non-UTF-8 byte on a later line with its column in characters', () => {
    const bytes = Buffer.concat([
      Buffer.from('apiVersion: sop-integrate/v1\nkind: Run€'),
      Buffer.from([0xc3, 0x28]),
    ]);
    expect(problemsOf(bytes).map(show)).toEqual([
      '2:11 file is not valid UTF-8: byte 0xc3 at byte offset 41 cannot start or continue a character; re-save the runbook as UTF-8',
    ]);
  });

  it('refuses a circular alias and a few aliases of one huge anchor', () => {
    const circular = `${BASE}extra: &loop\n  again: *loop\n`;
    expect(problemsOf(circular).map(show)).toEqual([
      '28:10 YAML alias *loop refers to its own anchor (a circular document)',
    ]);
    const huge = `${BASE}big: &big "${'x'.repeat(300_000)}"\ncopies: [*big, *big, *big, *big]\n`;
    expect(problemsOf(huge).map(show)[0]).toMatch(
      /^28:10 YAML aliases expand too much: the document would grow to about \d+ characters/,
    );
  });

  it('drops schema issues a template causes, but not other issues in the same block', () => {
    const text = edit(
      'displayName: NinjaOne-Agent',
      'displayName: NinjaOne-Agent\n      store: "${config.vault}"\n      owner: "${steps.make-app.outputs.appId}"\n      consent: maybe',
    );
    expect(problemsOf(text).map(show)).toEqual([
      '21:15 "${steps.make-app.outputs.appId}" in step "make-app" refers to step "make-app", which is this step itself; a step can only use outputs of steps before it [step-output-references]',
      '22:16 "with.consent" of step "make-app" must be true or false, found text "maybe"',
    ]);
  });
});
