// The app's category (SOP "App information: … Category"): an existing Intune category found by
// display name, or a custom one created when the runbook allows it. The app is put in it by
// reference; other categories the app is in are left alone.
import { z } from 'zod';
import type { MobileAppCategory } from '../../client/client.ts';
import { InputError, ServiceError } from '../../../../errors.ts';
import type { StepContext } from '../../../../steps/contract.ts';
import type { IntuneWin32AppParams } from './params.ts';
import { ignoreMissing } from '../../../../steps/ignore-missing.ts';

/** What the plan saw: the category's id (null: it did not exist) and the app's categories then. */
export const ObservedCategory = z.object({
  id: z.string().nullable(),
  appCategoryIds: z.array(z.string()),
  appCategoryNames: z.array(z.string()),
});
export type ObservedCategory = z.infer<typeof ObservedCategory>;

/** The category named `name` (case-insensitive, as the admin center compares them), if any. */
export async function findCategory(
  ctx: StepContext,
  name: string,
): Promise<{ category: MobileAppCategory | undefined; names: string[] }> {
  const all = await (await ctx.services.graph()).listAppCategories();
  const matches = all.filter((c) => c.displayName.toLowerCase() === name.toLowerCase());
  const exact = matches.filter((c) => c.displayName === name);
  const chosen = matches.length === 1 ? matches : exact;
  if (chosen.length > 1 || (matches.length > 1 && chosen.length === 0))
    throw new ServiceError(
      'graph',
      'conflict',
      `${matches.length} Intune app categories are named ${name}`,
      { operation: 'intuneCategories.list' },
      { hint: 'Rename or delete the duplicates in Intune (Apps > App categories), then run again.' },
    );
  return { category: chosen[0], names: all.map((c) => c.displayName).sort() };
}

export function missingCategory(name: string, names: readonly string[]): InputError {
  return new InputError(
    `Intune has no app category named "${name}"; existing categories: ${names.join(', ') || '(none)'}`,
    [],
    {
      hint: 'Use one of the existing categories in `category`, or set `createCategory: true` to create it as a custom category.',
    },
  );
}

/** Read-only: the category and whether the app is in it; refuses a missing one unless it may be created. */
export async function observeCategory(
  ctx: StepContext,
  params: IntuneWin32AppParams,
  appId: string | undefined,
): Promise<ObservedCategory | null> {
  if (params.category === undefined) return null;
  const { category, names } = await findCategory(ctx, params.category);
  if (!category && !params.createCategory) throw missingCategory(params.category, names);
  const current = appId ? await (await ctx.services.graph()).listCategoriesOfApp(appId) : [];
  return {
    id: category?.id ?? null,
    appCategoryIds: current.map((c) => c.id),
    appCategoryNames: current.map((c) => c.displayName),
  };
}

export function categoryLinked(observed: ObservedCategory | null): boolean {
  return observed === null || (observed.id !== null && observed.appCategoryIds.includes(observed.id));
}

/** What undo needs: the reference this run added and the category it created (ids or null). */
export interface CategoryUndo {
  [key: string]: string | null;
  categoryName: string | null;
  addedCategoryId: string | null;
  createdCategoryId: string | null;
}

export const NO_CATEGORY_UNDO: CategoryUndo = {
  categoryName: null,
  addedCategoryId: null,
  createdCategoryId: null,
};

/**
 * Puts the app in the category, creating the category first when needed. Judged against what the
 * run first planned (`observed`): a category or reference an interrupted attempt made is this run's.
 * `observed` is undefined for a plan journaled before categories existed: nothing is claimed then.
 */
export async function ensureCategory(
  ctx: StepContext,
  params: IntuneWin32AppParams,
  appId: string,
  observed: ObservedCategory | null | undefined,
): Promise<{ categoryId: string | null; undo: CategoryUndo }> {
  if (params.category === undefined) return { categoryId: null, undo: NO_CATEGORY_UNDO };
  const graph = await ctx.services.graph();
  const found = await findCategory(ctx, params.category);
  let category = found.category;
  if (!category) {
    if (!params.createCategory) throw missingCategory(params.category, found.names);
    category = await graph.createAppCategory(params.category);
    ctx.log.info(`created Intune app category ${params.category} (${category.id})`);
  }
  const linked = (await graph.listCategoriesOfApp(appId)).some((c) => c.id === category.id);
  if (!linked) {
    await graph.addAppToCategory(appId, category.id);
    ctx.log.info(`put Win32 app ${params.displayName} in category ${category.displayName}`);
  }
  const createdByRun = observed ? observed.id === null : false;
  const addedByRun = observed ? !observed.appCategoryIds.includes(category.id) : !linked;
  return {
    categoryId: category.id,
    undo: {
      categoryName: category.displayName,
      addedCategoryId: addedByRun ? category.id : null,
      createdCategoryId: createdByRun ? category.id : null,
    },
  };
}

/** Takes the app out of the category this run put it in, unless the app is being deleted anyway. */
export async function removeAddedReference(
  ctx: StepContext,
  appId: string,
  undo: CategoryUndo,
): Promise<void> {
  if (undo.addedCategoryId === null) return;
  const graph = await ctx.services.graph();
  if (await ignoreMissing(graph.removeAppFromCategory(appId, undo.addedCategoryId)))
    ctx.log.info(`took the app out of category ${undo.categoryName ?? undo.addedCategoryId}`);
}

/** Deletes the category only when this run created it. */
export async function deleteCreatedCategory(ctx: StepContext, undo: CategoryUndo): Promise<void> {
  if (undo.createdCategoryId === null) return;
  const graph = await ctx.services.graph();
  if (await ignoreMissing(graph.deleteAppCategory(undo.createdCategoryId)))
    ctx.log.info(`deleted app category ${undo.categoryName ?? undo.createdCategoryId} this run created`);
}

/** The category fields of a journaled undo record (absent in records written before categories). */
export function categoryUndoOf(record: Record<string, unknown>): CategoryUndo {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    categoryName: text(record.categoryName),
    addedCategoryId: text(record.addedCategoryId),
    createdCategoryId: text(record.createdCategoryId),
  };
}
