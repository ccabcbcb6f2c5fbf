// The category's part of the plan: the diff line and the calls (create the category when it is
// missing and may be created, then add the app's reference to it).
import type { Change } from '../../../../steps/contract.ts';
import type { ObservedCategory } from './category.ts';
import type { IntuneWin32AppParams } from './params.ts';

const CATEGORIES = '/deviceAppManagement/mobileAppCategories';

/** `category: (none) -> Computer management`, or the app's other categories kept alongside. */
export function categoryChange(params: IntuneWin32AppParams, observed: ObservedCategory | null): Change {
  const before = observed?.appCategoryNames ?? [];
  const name = params.category ?? '';
  return {
    path: 'category',
    before: before.length === 0 ? null : before.join(', '),
    after: [...before, name].join(', '),
  };
}

export function categoryCalls(
  params: IntuneWin32AppParams,
  observed: ObservedCategory | null,
  appId: string,
): { method: string; target: string }[] {
  if (params.category === undefined || observed === null) return [];
  if (observed.id !== null && observed.appCategoryIds.includes(observed.id)) return [];
  const id = observed.id ?? '{new}';
  return [
    ...(observed.id === null
      ? [{ method: 'POST', target: `${CATEGORIES} (custom category ${params.category})` }]
      : []),
    {
      method: 'POST',
      target: `/beta/deviceAppManagement/mobileApps/${appId}/categories/$ref (@odata.id …/beta${CATEGORIES}/${id}, ${params.category})`,
    },
  ];
}
