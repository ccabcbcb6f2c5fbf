// The engine hands steps a Services object: lazily created adapters, one per external system.
// Adapters are imported only when a step first asks for them, so `--help` never loads an SDK.
import type { DnsClient } from './dns/client/index.ts';
import type { ExchangeClient } from './exchange/client/client.ts';
import type { GraphClient } from './graph/client/client.ts';
import type { ProofpointClient } from './proofpoint/client/index.ts';
import type { NinjaOneClient } from './ninjaone/client/client.ts';

export interface Services {
  graph(): Promise<GraphClient>;
  exchange(): Promise<ExchangeClient>;
  ninjaone(): Promise<NinjaOneClient>;
  dns(): Promise<DnsClient>;
  proofpoint(): Promise<ProofpointClient>;
}
