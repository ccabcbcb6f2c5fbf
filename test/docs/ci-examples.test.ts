// The pipeline examples in docs/ci/ call only commands and flags that exist.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/main.ts';

const docs = fileURLToPath(new URL('../../docs/ci/', import.meta.url));

/** Every string value under a `run`, `script` or `inlineScript` key, anywhere in the document. */
function scripts(node: unknown, key = ''): string[] {
  if (typeof node === 'string') return ['run', 'script', 'inlineScript'].includes(key) ? [node] : [];
  if (Array.isArray(node)) return node.flatMap((item) => scripts(item));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => scripts(v, k));
  return [];
}

/** Shell words of one command line (quotes kept together; enough for these examples). */
function words(line: string): string[] {
  return [...line.matchAll(/"[^"]*"|'[^']*'|\S+/g)].map((m) => m[0]);
}

function invocations(file: string): string[][] {
  const text = readFileSync(`${docs}${file}`, 'utf8');
  return scripts(parse(text))
    .flatMap((script) => script.split('\n'))
    .map((line) => words(line))
    .filter((w) => w.includes('sop-integrate'))
    .map((w) => w.slice(w.indexOf('sop-integrate') + 1));
}

function check(program: Command, args: string[]): string[] {
  const problems: string[] = [];
  const command = program.commands.find((c) => c.name() === args[0]);
  if (!command) return [`unknown command ${args[0] ?? '(none)'}`];
  const flags = new Set(command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)));
  for (const arg of args.slice(1)) {
    if (arg.startsWith('--') && !flags.has(arg.split('=')[0] ?? arg))
      problems.push(`${args[0]}: unknown flag ${arg}`);
  }
  return problems;
}

describe.each([['github-actions.yml'], ['azure-pipelines.yml']])('docs/ci/%s', (file) => {
  it('calls sop-integrate with commands and flags that exist', () => {
    const calls = invocations(file);
    expect(calls.length).toBeGreaterThanOrEqual(4);
    const program = buildProgram();
    expect(calls.flatMap((args) => check(program, args))).toEqual([]);
    expect(calls.map((args) => args[0])).toEqual(
      expect.arrayContaining(['doctor', 'plan', 'approve', 'apply']),
    );
  });
});
