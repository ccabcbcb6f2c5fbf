// Get/New/Set/Remove-TransportRule. Priorities stay contiguous from 0 (0 is highest, no
// duplicates): inserting shifts the rules below down, removing closes the gap.
import { TRANSPORT_RULE_DEFAULTS } from './defaults.ts';
import { EXCEPTIONS, exoFailure, invalid } from './errors.ts';
import type { ExchangeObjectRecord } from './model.ts';
import {
  assertNameFree,
  created,
  findObject,
  requireObject,
  settings,
  tenantName,
  type CmdletEnv,
} from './objects.ts';
import type { BoundParameters } from './values.ts';

function ordered(env: CmdletEnv): ExchangeObjectRecord[] {
  return Object.values(env.exchange.transportRules).sort(
    (a, b) => (a.Priority as number) - (b.Priority as number),
  );
}

function renumber(rules: ExchangeObjectRecord[]): void {
  rules.forEach((rule, index) => {
    rule.Priority = index;
  });
}

/** The connector a rule routes through must exist and be scoped to transport rules (§2.4). */
function resolveConnector(env: CmdletEnv, identity: string): string {
  const connector = findObject(env.exchange.outboundConnectors, identity);
  if (!connector) {
    throw exoFailure(
      400,
      EXCEPTIONS.notFound,
      `Couldn't find object "${identity}" for RouteMessageOutboundConnector on '${tenantName(env)}'. Please make sure that it was spelled correctly or specify a different object.`,
    );
  }
  if (connector.IsTransportRuleScoped !== true) {
    throw exoFailure(
      400,
      EXCEPTIONS.taskArgument,
      `The outbound connector "${connector.Name}" isn't scoped to transport rules. Set IsTransportRuleScoped to $true on the connector before a rule can route messages through it.`,
    );
  }
  return connector.Name;
}

function checkPriority(priority: unknown, highest: number): void {
  if (priority === undefined) return;
  if ((priority as number) < 0 || (priority as number) > highest)
    throw invalid(`The value of Priority must be between 0 and ${highest}.`);
}

/** Maps the Enabled parameter onto the State property Get-TransportRule shows. */
function applySettings(target: Record<string, unknown>, env: CmdletEnv, bound: BoundParameters): void {
  const { Enabled, Priority: _priority, ...rest } = settings(bound);
  Object.assign(target, rest);
  if (typeof Enabled === 'boolean') target.State = Enabled ? 'Enabled' : 'Disabled';
  if (typeof rest.RouteMessageOutboundConnector === 'string')
    target.RouteMessageOutboundConnector = resolveConnector(env, rest.RouteMessageOutboundConnector);
}

export function getTransportRules(env: CmdletEnv, bound: BoundParameters): ExchangeObjectRecord[] {
  if (typeof bound.Identity === 'string')
    return [requireObject(env, env.exchange.transportRules, bound.Identity)];
  return ordered(env).filter((rule) => bound.State === undefined || rule.State === bound.State);
}

export function newTransportRule(env: CmdletEnv, bound: BoundParameters): ExchangeObjectRecord {
  const rules = ordered(env);
  const name = bound.Name as string;
  assertNameFree(env.exchange.transportRules, name, 'transport rule');
  checkPriority(bound.Priority, rules.length);
  const fields: Record<string, unknown> & { Name: string } = {
    ...structuredClone(TRANSPORT_RULE_DEFAULTS),
    Name: name,
  };
  applySettings(fields, env, bound);
  const record = created(env, fields);
  rules.splice((bound.Priority as number | undefined) ?? rules.length, 0, record);
  renumber(rules);
  env.exchange.transportRules[record.Guid] = record;
  return record;
}

export function setTransportRule(env: CmdletEnv, bound: BoundParameters): void {
  const current = requireObject(env, env.exchange.transportRules, bound.Identity as string);
  const next: Record<string, unknown> = structuredClone(current);
  applySettings(next, env, bound);
  const name = next.Name as string;
  assertNameFree(env.exchange.transportRules, name, 'transport rule', current);
  const rules = ordered(env);
  checkPriority(bound.Priority, rules.length - 1);
  const updated = { ...next, Identity: name } as ExchangeObjectRecord;
  env.exchange.transportRules[current.Guid] = updated;
  const others = rules.filter((r) => r.Guid !== current.Guid);
  others.splice((bound.Priority as number | undefined) ?? (current.Priority as number), 0, updated);
  renumber(others);
}

export function removeTransportRule(env: CmdletEnv, bound: BoundParameters): void {
  const current = requireObject(env, env.exchange.transportRules, bound.Identity as string);
  delete env.exchange.transportRules[current.Guid];
  renumber(ordered(env));
}
