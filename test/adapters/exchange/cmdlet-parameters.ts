// The cmdlet parameter lists, read from the reference notes themselves
// (../shared/reference/microsoft-api-notes.md §2.4 and §2.7), so tests can prove every request
// body the tool sends names only parameters the cmdlet has.
import { readFileSync } from 'node:fs';
import { reference } from '../../support/reference.ts';

const notes = reference('microsoft-api-notes.md', 'Exchange cmdlet parameter lists');
export const NOTES_PATH = notes.path;
export const notesAvailable = notes.present;

function section(text: string, from: string, to?: string): string {
  const start = text.indexOf(from);
  if (start < 0) throw new Error(`notes: section ${from} not found`);
  const end = to === undefined ? -1 : text.indexOf(to, start + from.length);
  return end < 0 ? text.slice(start) : text.slice(start, end);
}

function dashed(text: string): string[] {
  return [...text.matchAll(/-([A-Z][A-Za-z0-9]+)/g)].map((m) => m[1]!);
}

/** Cmdlet name -> the parameters the notes list for it. */
export function cmdletParametersFromNotes(): Map<string, Set<string>> {
  const notes = readFileSync(NOTES_PATH, 'utf8');
  const params = section(notes, '### 2.4 Cmdlet parameters', '### 2.5');
  const result = new Map<string, Set<string>>();
  for (const noun of ['InboundConnector', 'OutboundConnector']) {
    const block = /```\n(New-\w+ [\s\S]*?)```/g;
    for (const m of params.matchAll(block)) {
      if (!m[1]!.startsWith(`New-${noun} `)) continue;
      const names = new Set(dashed(m[1]!.slice(`New-${noun}`.length)));
      names.add('Name');
      result.set(`New-${noun}`, names);
      result.set(`Set-${noun}`, new Set([...names, 'Identity']));
    }
  }
  const ruleTable = section(params, '**New-TransportRule**', '**Counterparts**');
  const ruleNames = new Set<string>();
  for (const line of ruleTable.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const firstCell = line.split('|')[1] ?? '';
    for (const m of firstCell.matchAll(/`([A-Z][A-Za-z]+)/g)) ruleNames.add(m[1]!);
    // "`ExceptIfHeaderContainsMessageHeader/Words`" names two parameters.
    for (const m of firstCell.matchAll(/`(\w+?)(MessageHeader)\/(Words)`/g)) {
      ruleNames.add(`${m[1]}${m[2]}`);
      ruleNames.add(`${m[1]}${m[3]}`);
    }
  }
  for (const line of ruleTable.split('\n')) {
    if (!line.startsWith('| Exceptions')) continue;
    for (const m of line.matchAll(/`([A-Za-z/]+)`/g)) {
      const [head, tail] = m[1]!.split('/');
      ruleNames.add(head!);
      if (tail) ruleNames.add(head!.replace(/MessageHeader$/, tail));
    }
  }
  // Parameters the tool uses beyond the notes' lists, each with its source:
  // SenderDomainIs (New-TransportRule reference, office-docs-powershell; sent as a JSON list in
  // public rule templates, e.g. PS365's Block-Inbound-Sender-Domain.json).
  ruleNames.add('SenderDomainIs');
  result.set('New-TransportRule', ruleNames);
  result.set('Set-TransportRule', new Set([...ruleNames, 'Identity']));
  const counterparts = section(params, '**Counterparts**');
  for (const line of counterparts.split('\n')) {
    const get = /`(Get-\w+) (.*)`/.exec(line);
    if (get) result.set(get[1]!, new Set(dashed(get[2]!)));
    const remove = /`Remove-InboundConnector \| Remove-OutboundConnector \| Remove-TransportRule (.*)`/.exec(
      line,
    );
    if (remove) {
      for (const noun of ['InboundConnector', 'OutboundConnector', 'TransportRule'])
        result.set(`Remove-${noun}`, new Set(dashed(remove[1]!)));
    }
  }
  const trace = section(notes, '**Get-MessageTraceV2**', '**Graph `messageTraces`**');
  const list = /Parameters: `([^`]+)`/.exec(trace);
  if (list)
    result.set(
      'Get-MessageTraceV2',
      new Set(list[1]!.split(',').map((p) => p.trim().replace(/\s*\(.*\)$/, ''))),
    );
  // Get-AcceptedDomain has no parameter list in the notes: the tool must send none.
  result.set('Get-AcceptedDomain', new Set());
  return result;
}

/** Every InvokeCommand body in a sandbox request log, as cmdlet + parameter names. */
export function sentCmdlets(requests: Array<{ service: string; path: string; requestBody: unknown }>) {
  return requests
    .filter((r) => r.service === 'exchange' && r.path.endsWith('/InvokeCommand'))
    .map((r) => {
      const input = (
        r.requestBody as { CmdletInput: { CmdletName: string; Parameters?: Record<string, unknown> } }
      ).CmdletInput;
      return { cmdlet: input.CmdletName, parameters: Object.keys(input.Parameters ?? {}) };
    });
}
