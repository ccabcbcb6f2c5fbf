// Where the sandbox's Graph model comes from. Preferred: the service's own $metadata at
// ../shared/reference/graph/v1.0-metadata.xml beside the repository (read once per process, about
// half a second). Without it (an installed package, a clone without the reference folder) the
// committed facts cut from that same document (v1.0-facts.ts, see scripts/generate-graph-facts.ts)
// cover every body the sandbox serves, so validation is equally strict for those.
// Beta: the one beta call the sandbox serves (deviceManagement/reports/getDeviceInstallStatusReport)
// is not in v1.0 metadata and the beta CSDL is not in the reference folder; it is not checked here.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GraphModel } from './csdl-model.ts';
import { readCsdl } from './csdl-read.ts';
import { V1_FACTS } from './v1.0-facts.ts';

/** src/services/graph/emulator/ and dist/services/graph/emulator/ both sit four levels under the repository root. */
export const REFERENCE_METADATA = fileURLToPath(
  new URL('../../../../../shared/reference/graph/v1.0-metadata.xml', import.meta.url),
);

export interface LoadedModel {
  model: GraphModel;
  source: 'metadata' | 'facts';
}

let cached: LoadedModel | undefined;

export function graphModel(): LoadedModel {
  cached ??= existsSync(REFERENCE_METADATA)
    ? { model: readCsdl(readFileSync(REFERENCE_METADATA, 'utf8')), source: 'metadata' }
    : { model: V1_FACTS, source: 'facts' };
  return cached;
}
