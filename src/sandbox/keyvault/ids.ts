// Key Vault version ids: 32 lower-case hex characters, deterministic per sandbox seed.
import type { SandboxContext } from '../context.ts';

export function newObjectIdHex(ctx: SandboxContext): string {
  return ctx.store.newObjectId().replace(/-/g, '');
}
