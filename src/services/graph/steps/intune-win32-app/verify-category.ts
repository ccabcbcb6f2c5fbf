// Reads the app's categories back: the one the runbook names must be among them.
import type { StepContext, VerifyResult } from '../../../../steps/contract.ts';
import type { IntuneWin32AppParams } from './params.ts';

export async function verifyCategory(
  ctx: StepContext,
  params: IntuneWin32AppParams,
  appId: string | undefined,
): Promise<VerifyResult> {
  if (params.category === undefined) return { ok: true, checks: [] };
  const names = appId
    ? (await (await ctx.services.graph()).listCategoriesOfApp(appId)).map((c) => c.displayName)
    : [];
  const wanted = params.category.toLowerCase();
  const ok = names.some((name) => name.toLowerCase() === wanted);
  return {
    ok,
    checks: [
      `category ${params.category} ${ok ? 'set' : 'missing'} (app categories: ${names.join(', ') || 'none'})`,
    ],
  };
}
