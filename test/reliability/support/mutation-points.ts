// The mutation points of a clean run, read from the sandbox request log, each turned into a
// crash fault rule that fires on exactly that call (`nth` counts the calls the rule matches).
import type { RequestLogEntry } from '../../../src/sandbox/index.ts';

export interface MutationPoint {
  /** e.g. `graph POST .../appRoleAssignedTo #3` or `exchange New-InboundConnector`. */
  label: string;
  service: string;
  method: string;
  /** A `/regex/` fault path: generated ids become wildcards, so it matches in any run. */
  path: string;
  nth: number;
}

const READ_METHODS = new Set(['GET', 'HEAD']);
/** Calls that change nothing in the tenant although they are POSTs. */
const NOT_MUTATIONS = [/\/oauth2\/v2\.0\/token$/, /\/ws\/oauth\/token$/, /\/\$batch$/];

function cmdletOf(entry: RequestLogEntry): string | undefined {
  const body = entry.requestBody as { CmdletInput?: { CmdletName?: unknown } } | undefined;
  const name = body?.CmdletInput?.CmdletName;
  return typeof name === 'string' ? name : undefined;
}

export function isMutation(entry: RequestLogEntry): boolean {
  if (READ_METHODS.has(entry.method.toUpperCase())) return false;
  if (NOT_MUTATIONS.some((re) => re.test(entry.path))) return false;
  const cmdlet = cmdletOf(entry);
  if (cmdlet !== undefined) return !/^(Get|Test)-/.test(cmdlet);
  return entry.status > 0 && entry.status < 400;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** GUIDs and long hex ids (generated per run) become `[^/']+`. */
export function pathPattern(path: string): string {
  const parts = path.split(
    /([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,})/,
  );
  const body = parts.map((part, i) => (i % 2 === 1 ? "[^/']+" : escape(part))).join('');
  return `/^${body}$/`;
}

export function mutationPoints(requests: readonly RequestLogEntry[]): MutationPoint[] {
  const points: MutationPoint[] = [];
  for (const [index, entry] of requests.entries()) {
    if (entry.batchItemOf !== undefined || !isMutation(entry)) continue;
    const path = pathPattern(entry.path);
    const re = new RegExp(path.slice(1, -1));
    const nth = requests
      .slice(0, index + 1)
      .filter((r) => r.service === entry.service && r.method === entry.method && re.test(r.path)).length;
    const what = cmdletOf(entry) ?? entry.path.replace(/^\/[^/]+/, '');
    points.push({
      label: `${entry.service} ${entry.method} ${what} #${nth}`,
      service: entry.service,
      method: entry.method,
      path,
      nth,
    });
  }
  return points;
}

export function faultSpec(point: MutationPoint, kind: 'crash-before' | 'crash-after'): string {
  return `kind=${kind},service=${point.service},method=${point.method},path=${point.path},nth=${point.nth}`;
}
