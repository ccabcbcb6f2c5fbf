// Each named semantic rule fires on its own mistake, tags its problems with its name, and is
// silent on the valid base runbook.
import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../src/runbook/yaml-source.ts';
import { runbookRules, runbookView, type RuleContext } from '../../src/runbook/rules/index.ts';
import { testHandlers } from './fake-handlers.ts';
import { BASE, edit } from './helpers.ts';

function run(ruleName: string, text: string): string[] {
  const parsed = parseYamlSource('rules.yaml', text);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  const ctx: RuleContext = {
    file: 'rules.yaml',
    places: parsed.source.places,
    handlers: new Map(testHandlers.map((h) => [h.type, h])),
  };
  const rule = runbookRules.find((r) => r.name === ruleName);
  if (!rule) throw new Error(`no rule ${ruleName}`);
  return rule.check(runbookView(parsed.source.data), ctx).map((p) => `${p.line}:${p.col} ${p.message}`);
}

const triggers: [string, string][] = [
  ['unique-step-ids', edit('id: pause', 'id: make-app')],
  ['gate-exists', edit('gate: cto-approval', 'gate: ciso')],
  ['allowed-references', edit('${inputs.waitFor}', '${inputs.waitFor.length}')],
  ['declared-inputs', edit('${inputs.waitFor}', '${inputs.pause}')],
  ['step-output-references', edit('outputs.appId', 'outputs.objectId')],
  [
    'mutating-steps-reversible',
    edit(
      'type: test.wait\n    title: Wait for replication\n    with:\n      duration: "${inputs.waitFor}"\n      reason: "app ${steps.make-app.outputs.appId} replicates"\n',
      'type: test.unsafe\n    title: Unsafe\n',
    ),
  ],
  ['input-defaults-match-type', edit('default: 15m', 'default: [15m]')],
  ['unused-gates', edit('    gate: cto-approval\n', '')],
];

describe('semantic rules', () => {
  it('are all listed, each once', () => {
    expect(runbookRules.map((r) => r.name).sort()).toEqual(triggers.map(([name]) => name).sort());
  });

  it.each(runbookRules.map((r) => r.name))('%s is silent on a valid runbook', (name) => {
    expect(run(name, BASE)).toEqual([]);
  });

  it.each(triggers)('%s reports its own mistake, tagged with its name', (name, text) => {
    const problems = run(name, text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`\\[${name}\\]$`));
  });

  it('config references are user-defined: any well-formed key is allowed', () => {
    const text = edit(
      '${inputs.waitFor}',
      '${config.anythingAtAll} and ${config.tenantId} and ${config.secretStore}',
    );
    expect(run('allowed-references', text)).toEqual([]);
    expect(run('allowed-references', edit('${inputs.waitFor}', '${config.}'))).toHaveLength(1);
  });

  it('a default of the wrong list item type is caught', () => {
    const text = edit(
      '  waitFor: { type: duration, default: 15m }',
      '  waitFor: { type: cidr-list, default: ["10.0.0.0/8", "10.0.0.1/8"] }',
    );
    expect(run('input-defaults-match-type', text)).toEqual([
      '10:40 default of input "waitFor" does not match its type cidr-list: item 2: "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8? [input-defaults-match-type]',
    ]);
  });
});
