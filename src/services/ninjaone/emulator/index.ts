// NinjaOne in the sandbox: the API emulator, its seeded state (with Intune's side of the fleet),
// and the handle tests and the CLI use to reach and steer it.
import type { SandboxContext } from '../../../sandbox/context.ts';
import { seedIntune, upgradeIntuneState } from '../../graph/emulator/intune/seed.ts';
import type { StateStore } from '../../../sandbox/state/store.ts';
import type { SandboxNinjaOne } from '../../../sandbox/types.ts';
import { ninjaOneCredentials, ninjaOneInstallToken } from './credentials.ts';
import { seedNinjaOne } from './seed.ts';

export { createNinjaOneService } from './service.ts';

/** Seeds NinjaOne and Intune into a state that lacks them (a fresh tenant or an older state file). */
export function ensureNinjaOneState(store: StateStore): void {
  const { state } = store;
  let changed = false;
  if (!state.ninjaone) {
    state.ninjaone = seedNinjaOne(state.seed);
    changed = true;
  }
  if (!state.intune) {
    state.intune = seedIntune(state);
    changed = true;
  }
  if (upgradeIntuneState(state)) changed = true;
  if (changed) store.save();
}

export function sandboxNinjaOne(ctx: SandboxContext): SandboxNinjaOne {
  const { seed } = ctx.store.state;
  const credentials = ninjaOneCredentials(seed);
  const installToken = ninjaOneInstallToken(seed);
  ctx.secrets.register(credentials.clientSecret);
  ctx.secrets.register(installToken);
  const settings = () => {
    const state = ctx.store.state.ninjaone;
    if (!state) throw new Error('the sandbox NinjaOne state is not seeded');
    return state.settings;
  };
  return {
    baseUrl: `${ctx.baseUrl()}/ninjaone`,
    ...credentials,
    installToken,
    setAgentVersion(version) {
      settings().agent.version = version;
      ctx.store.save();
    },
    setInstallerPayloadBytes(bytes) {
      settings().agent.payloadBytes = bytes;
      ctx.store.save();
    },
    seedSyntheticFleet(devices) {
      settings().fleet.syntheticDevices = devices;
      ctx.store.save();
    },
  };
}
