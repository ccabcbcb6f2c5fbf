// Runs one bound cmdlet against the state. Returns the rows InvokeCommand puts in `value` and
// whether the state changed.
import { getConnectors, newConnector, removeConnector, setConnector } from './connectors.ts';
import { getMessageTraceV2 } from './message-trace.ts';
import type { CmdletEnv } from './objects.ts';
import { requireObject } from './objects.ts';
import {
  getTransportRules,
  newTransportRule,
  removeTransportRule,
  setTransportRule,
} from './transport-rules.ts';
import { bindParameters } from './values.ts';

export interface CmdletResult {
  rows: unknown[];
  mutated: boolean;
}

export function runCmdlet(env: CmdletEnv, cmdlet: string, parameters: unknown, nowMs: number): CmdletResult {
  const bound = bindParameters(cmdlet, parameters);
  const read = (rows: unknown[]): CmdletResult => ({ rows: structuredClone(rows), mutated: false });
  const wrote = (row?: unknown): CmdletResult => ({
    rows: row === undefined ? [] : [structuredClone(row)],
    mutated: true,
  });
  switch (cmdlet) {
    case 'Get-InboundConnector':
      return read(getConnectors(env, 'InboundConnector', bound));
    case 'New-InboundConnector':
      return wrote(newConnector(env, 'InboundConnector', bound));
    case 'Set-InboundConnector':
      setConnector(env, 'InboundConnector', bound);
      return wrote();
    case 'Remove-InboundConnector':
      removeConnector(env, 'InboundConnector', bound);
      return wrote();
    case 'Get-OutboundConnector':
      return read(getConnectors(env, 'OutboundConnector', bound));
    case 'New-OutboundConnector':
      return wrote(newConnector(env, 'OutboundConnector', bound));
    case 'Set-OutboundConnector':
      setConnector(env, 'OutboundConnector', bound);
      return wrote();
    case 'Remove-OutboundConnector':
      removeConnector(env, 'OutboundConnector', bound);
      return wrote();
    case 'Get-TransportRule':
      return read(getTransportRules(env, bound));
    case 'New-TransportRule':
      return wrote(newTransportRule(env, bound));
    case 'Set-TransportRule':
      setTransportRule(env, bound);
      return wrote();
    case 'Remove-TransportRule':
      removeTransportRule(env, bound);
      return wrote();
    case 'Get-AcceptedDomain': {
      const domains = env.exchange.acceptedDomains;
      if (typeof bound.Identity === 'string') {
        const lookup = Object.fromEntries(
          Object.values(domains).map((d) => [d.Guid, { ...d, WhenCreated: '' }]),
        );
        const found = requireObject(env, lookup, bound.Identity);
        return read([domains[found.Guid]]);
      }
      return read(Object.values(domains));
    }
    case 'Get-MessageTraceV2':
      return read(getMessageTraceV2(env.state, bound, nowMs));
    default:
      // bindParameters already refused cmdlets it does not know.
      return read([]);
  }
}
