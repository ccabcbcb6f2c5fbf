// The Proofpoint section, seeded on first use (a state file from before Proofpoint has none).
import type { SandboxState } from '../../../sandbox/state/model.ts';
import type { ProofpointState } from './model.ts';
import { seedProofpoint } from './seed.ts';

export function proofpointStateOf(state: SandboxState): ProofpointState {
  return (state.proofpoint ??= seedProofpoint());
}
