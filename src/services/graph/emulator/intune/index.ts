// Intune in the sandbox: Graph routes (apps, categories, content upload, assignments, devices, reports) and
// the Azure-Blob-compatible upload endpoint.
import type { GraphDeps, GraphRouter } from '../types.ts';
import { registerIntuneAppRoutes } from './routes-apps.ts';
import { registerIntuneCategoryRoutes } from './routes-categories.ts';
import { registerIntuneContentRoutes } from './routes-content.ts';
import { registerIntuneDeviceRoutes } from './routes-devices.ts';

export { createBlobService } from './blob-service.ts';
export { seedIntune, ROLLOUT_GROUP_NAME, BUILT_IN_APP_CATEGORIES } from './seed.ts';

export function registerIntuneRoutes(router: GraphRouter, deps: GraphDeps): void {
  registerIntuneAppRoutes(router, deps);
  registerIntuneCategoryRoutes(router, deps);
  registerIntuneContentRoutes(router, deps);
  registerIntuneDeviceRoutes(router, deps);
}
