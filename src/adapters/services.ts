// The engine hands steps a Services object: lazily created adapters, one per external system.
// Adapters are imported only when a step first asks for them, so `--help` never loads an SDK.
import type { GraphClient } from './graph/client.ts';

export interface Services {
  graph(): Promise<GraphClient>;
}
