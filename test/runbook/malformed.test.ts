// Each malformed runbook is refused with the exact place and a message that says what to fix.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASE, edit, problemsOf, show } from './helpers.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

interface Case {
  name: string;
  input: () => string | Uint8Array;
  at: string;
  says: string;
}

const cases: Case[] = [
  {
    name: 'YAML syntax error (unclosed flow list)',
    input: () => edit('[Device.Read.All]', '[Device.Read.All'),
    at: '21:3',
    says: 'YAML Flow sequence in block collection must be sufficiently indented and end with a ]',
  },
  {
    name: 'duplicate key',
    input: () => edit('  title: Agent rollout\n', '  title: Agent rollout\n  title: Agent rollout again\n'),
    at: '7:3',
    says: 'Map keys must be unique; each key may appear once',
  },
  {
    name: 'alias bomb',
    input: () => fixture('alias-bomb.yaml'),
    at: '12:10',
    says: 'YAML aliases expand too much',
  },
  {
    name: 'tab indentation',
    input: () => edit('  integration: ninjaone', '\tintegration: ninjaone'),
    at: '4:1',
    says: 'indent with spaces, never tabs',
  },
  {
    name: 'phase as a string',
    input: () => edit('phase: 2', 'phase: "2"'),
    at: '5:10',
    says: '"metadata.phase" must be a number, found text "2"',
  },
  {
    name: 'phase below 1',
    input: () => edit('phase: 2', 'phase: 0'),
    at: '5:10',
    says: '"metadata.phase" must be at least 1',
  },
  {
    name: 'missing required step title',
    input: () => edit('    title: Create the app\n', ''),
    at: '14:5',
    says: 'missing required key "title" in step "make-app"',
  },
  {
    name: 'missing metadata.sop',
    input: () => edit('  sop: "7.0 NinjaOne, Phase 2"\n', ''),
    at: '4:3',
    says: 'missing required key "sop" in metadata',
  },
  {
    name: 'unknown top-level key',
    input: () => `${BASE}notes: remember\n`,
    at: '27:1',
    says: 'unknown key "notes" at the top level of the runbook',
  },
  {
    name: 'unknown step key',
    input: () => edit('    with:\n      displayName', '    with_:\n      displayName'),
    at: '18:5',
    says: 'unknown key "with_" in step "make-app"; did you mean "with"?',
  },
  {
    name: 'unknown key inside with',
    input: () => edit('displayName: NinjaOne-Agent', 'displayNmae: NinjaOne-Agent'),
    at: '19:7',
    says: 'unknown key "displayNmae" in "with" of step "make-app"; did you mean "displayName"?',
  },
  {
    name: 'unknown step type',
    input: () => edit('type: test.wait', 'type: test.wiat'),
    at: '22:11',
    says: 'unknown step type "test.wiat"; known types: test.create-app, test.note, test.wait, test.send-mail, test.unsafe; did you mean "test.wait"?',
  },
  {
    name: 'bad step id',
    input: () => edit('id: pause', 'id: Pause_Step'),
    at: '21:9',
    says: '"id" of step "Pause_Step" must be kebab-case',
  },
  {
    name: 'duplicate step id',
    input: () => edit('id: pause', 'id: make-app'),
    at: '21:9',
    says: 'step id "make-app" is already used by step #1 (line 14); give each step its own id [unique-step-ids]',
  },
  {
    name: 'missing gate',
    input: () => edit('gate: cto-approval', 'gate: cfo-approval'),
    at: '17:11',
    says: 'uses gate "cfo-approval", which is not declared under gates:; did you mean "cto-approval"?',
  },
  {
    name: 'dangling step reference',
    input: () => edit('steps.make-app.outputs.appId', 'steps.gone.outputs.appId'),
    at: '26:20',
    says: '"${steps.gone.outputs.appId}" in step "pause" refers to step "gone", which does not exist [step-output-references]',
  },
  {
    name: 'reference to a later step',
    input: () => edit('displayName: NinjaOne-Agent', 'displayName: "${steps.pause.outputs.waitedUntil}"'),
    at: '19:21',
    says: 'refers to step "pause", which runs later (step #2); a step can only use outputs of steps before it',
  },
  {
    name: 'reference to an undeclared output',
    input: () => edit('outputs.appId', 'outputs.clientId'),
    at: '26:20',
    says: 'refers to output "clientId" of step "make-app" (type test.create-app), which that type does not produce; its outputs are: appId, secretRef',
  },
  {
    name: 'undeclared input',
    input: () => edit('${inputs.waitFor}', '${inputs.waitfor}'),
    at: '25:18',
    says: 'refers to input "waitfor", which is not declared under inputs:; did you mean "waitFor"?',
  },
  {
    name: 'environment reference',
    input: () => edit('${steps.make-app.outputs.appId}', '${env.HOME}'),
    at: '26:20',
    says: '"${env.HOME}" in step "pause" is not an allowed reference',
  },
  {
    name: 'code in a template',
    input: () => edit('${steps.make-app.outputs.appId}', '${process.exit()}'),
    at: '26:20',
    says: '"${process.exit()}" in step "pause" is not an allowed reference',
  },
  {
    name: 'unclosed template',
    input: () => edit('${steps.make-app.outputs.appId}', '${steps.make-app'),
    at: '26:20',
    says: '"${" in step "pause" is never closed with "}"',
  },
  {
    name: 'bad input default',
    input: () => edit('default: 15m', 'default: soon'),
    at: '10:39',
    says: 'default of input "waitFor" does not match its type duration: "soon" is not a duration',
  },
  {
    name: 'unknown input type',
    input: () => edit('type: domain-list', 'type: domains'),
    at: '9:20',
    says: '"type" of input "domains" must be one of',
  },
  {
    name: 'non-UTF-8 bytes',
    input: () =>
      Buffer.concat([
        Buffer.from(BASE.slice(0, BASE.indexOf('rollout'))),
        Buffer.from([0xff]),
        Buffer.from(BASE.slice(BASE.indexOf('rollout'))),
      ]),
    at: '6:16',
    says: 'file is not valid UTF-8: byte 0xff at byte offset 103',
  },
  {
    name: '2 MB file',
    input: () => `${BASE}# ${'x'.repeat(2 * 1024 * 1024)}\n`,
    at: '1:1',
    says: 'over the limit of 1048576 bytes (1 MB)',
  },
  { name: 'empty file', input: () => '', at: '1:1', says: 'runbook is empty' },
  { name: 'only comments', input: () => '# nothing here yet\n', at: '1:1', says: 'runbook is empty' },
  {
    name: 'a list, not a map',
    input: () => '- apiVersion: sop-integrate/v1\n- kind: Runbook\n',
    at: '1:1',
    says: 'runbook must be a map (apiVersion: ..., kind: ..., steps: ...), found a list',
  },
  {
    name: 'multiple documents',
    input: () => `${BASE}---\n${BASE}`,
    at: '27:1',
    says: 'a runbook file holds exactly one YAML document',
  },
  {
    name: 'wrong apiVersion',
    input: () => edit('sop-integrate/v1', 'sop-integrate/v2'),
    at: '1:13',
    says: '"apiVersion" must be "sop-integrate/v1", found text "sop-integrate/v2"',
  },
  {
    name: 'wrong kind',
    input: () => edit('kind: Runbook', 'kind: Playbook'),
    at: '2:7',
    says: '"kind" must be "Runbook"',
  },
  {
    name: 'unresolved alias',
    input: () => edit('displayName: NinjaOne-Agent', 'displayName: *appName'),
    at: '19:20',
    says: 'YAML alias *appName has no anchor &appName before it',
  },
  {
    name: 'mutating step type without undo',
    input: () =>
      edit(
        'type: test.wait\n    title: Wait for replication\n    with:\n      duration: "${inputs.waitFor}"\n      reason: "app ${steps.make-app.outputs.appId} replicates"\n',
        'type: test.unsafe\n    title: Wait for replication\n',
      ),
    at: '22:11',
    says: 'uses step type "test.unsafe", which changes things but has neither undo() nor an irreversible reason',
  },
  {
    name: 'list input used where a number belongs',
    input: () =>
      edit(
        'permissions: [Device.Read.All]',
        'permissions: [Device.Read.All]\n      secretDays: "${inputs.domains}"',
      ),
    at: '21:19',
    says: '"with.secretDays" of step "make-app" must be a number, but "${inputs.domains}" is a domain-list input',
  },
  {
    name: 'missing required param',
    input: () => edit('      displayName: NinjaOne-Agent\n', ''),
    at: '19:7',
    says: 'missing required key "displayName" in "with" of step "make-app"',
  },
  {
    name: 'no steps',
    input: () => `${BASE.slice(0, BASE.indexOf('steps:'))}steps: []\n`,
    at: '13:8',
    says: '"steps" must have at least 1 item(s)',
  },
  {
    name: 'gate evidence as text',
    input: () => edit('evidence: [changeId]', 'evidence: changeId'),
    at: '12:48',
    says: '"evidence" of gate "cto-approval" must be a list, found text "changeId"',
  },
  {
    name: 'step as a list item that is text',
    input: () => edit('  - id: pause\n', '  - just a string\n  - id: pause\n'),
    at: '21:5',
    says: 'step #2 must be a map, found text "just a string"',
  },
];

describe('malformed runbooks', () => {
  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases)('$name', ({ input, at, says }) => {
    const problems = problemsOf(input()).map(show);
    expect(
      problems.find((p) => p.includes(says)),
      problems.join('\n'),
    ).toBeDefined();
    expect(problems.find((p) => p.includes(says))?.startsWith(`${at} `), problems.join('\n')).toBe(true);
  });
});
