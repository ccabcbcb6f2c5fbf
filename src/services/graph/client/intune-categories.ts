// Intune app categories: the tenant's mobileAppCategory entities over v1.0
// (/deviceAppManagement/mobileAppCategories: built-in ones and custom ones) and an app's
// `categories` navigation, which is not contained: an app is put in a category by reference
// (POST …/categories/$ref with the category's @odata.id) and taken out with DELETE …/{id}/$ref.
// The references go to beta: v1.0 declares the navigation in its CSDL, but Learn documents no
// v1.0 reference operation for it and the public clients all write it on beta with a beta
// @odata.id (MSEndpointMgr/IntuneWin32App New-IntuneWin32App, microsoftgraph
// powershell-intune-samples Add-MobileAppCategory, Microsoft365DSC); Graph's OpenAPI description
// omits the operation too, so Kiota clients build the beta URL by hand.
import { z } from 'zod';
import type { GraphHttp } from './http.ts';

const CATEGORIES = '/deviceAppManagement/mobileAppCategories';
const appCategories = (appId: string) =>
  `/deviceAppManagement/mobileApps/${encodeURIComponent(appId)}/categories`;

export const MobileAppCategory = z.object({
  id: z.string(),
  displayName: z.string(),
  lastModifiedDateTime: z.string().nullable().optional().catch(undefined),
});
export type MobileAppCategory = z.infer<typeof MobileAppCategory>;

/**
 * `beta` sends the reference calls; `graphBaseUrl` (e.g. https://graph.microsoft.com) gives the
 * beta root the @odata.id points at: an absolute URL on the same service version.
 */
export function intuneCategoriesApi(http: GraphHttp, beta: GraphHttp, graphBaseUrl: string) {
  const root = `${graphBaseUrl.replace(/\/+$/, '')}/beta`;
  return {
    /** Every app category of the tenant, built-in and custom. */
    listAppCategories: () =>
      http.listAll(
        { operation: 'intuneCategories.list', method: 'GET', path: CATEGORIES },
        MobileAppCategory,
      ),

    createAppCategory: (displayName: string) =>
      http.json(
        {
          operation: 'intuneCategories.create',
          method: 'POST',
          path: CATEGORIES,
          body: { '@odata.type': '#microsoft.graph.mobileAppCategory', displayName },
        },
        MobileAppCategory,
      ),

    deleteAppCategory: async (categoryId: string) => {
      await http.send({
        operation: 'intuneCategories.delete',
        method: 'DELETE',
        path: `${CATEGORIES}/${encodeURIComponent(categoryId)}`,
      });
    },

    /** The categories an app is in. */
    listCategoriesOfApp: (appId: string) =>
      http.listAll(
        { operation: 'intuneCategories.listOfApp', method: 'GET', path: appCategories(appId) },
        MobileAppCategory,
      ),

    addAppToCategory: async (appId: string, categoryId: string) => {
      await beta.send({
        operation: 'intuneCategories.addApp',
        method: 'POST',
        path: `${appCategories(appId)}/$ref`,
        body: { '@odata.id': `${root}${CATEGORIES}/${encodeURIComponent(categoryId)}` },
      });
    },

    removeAppFromCategory: async (appId: string, categoryId: string) => {
      await beta.send({
        operation: 'intuneCategories.removeApp',
        method: 'DELETE',
        path: `${appCategories(appId)}/${encodeURIComponent(categoryId)}/$ref`,
      });
    },
  };
}

export type IntuneCategoriesApi = ReturnType<typeof intuneCategoriesApi>;
