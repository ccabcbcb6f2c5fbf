// Runs the model-based body check for a routed Graph call before its handler, as the service's
// OData layer rejects a malformed body before any workload logic runs. The route's requestType
// says what the body is: an entity type, 'action:<binding type>/<name>', or '$ref'.
import { checkActionBody, checkEntityBody, checkReferenceBody } from './body-check.ts';
import type { GraphDialect } from './body-messages.ts';
import { graphModel } from './model-load.ts';

/** Intune's workloads answer in the OData reader's words; the directory in its own (body-messages.ts). */
function dialectOf(path: string): GraphDialect {
  return /^\/(deviceAppManagement|deviceManagement)\//.test(path) ? 'odata' : 'directory';
}

export function checkRequestBody(path: string, requestType: string | undefined, body: unknown): void {
  // Beta routes are outside the v1.0 model (model-load.ts says which); routes without a declared
  // body type take none.
  if (requestType === undefined || path.startsWith('/beta/')) return;
  const dialect = dialectOf(path);
  if (requestType === '$ref') {
    checkReferenceBody(body, dialect);
    return;
  }
  const { model } = graphModel();
  if (requestType.startsWith('action:')) {
    const [bindingType, action] = requestType.slice('action:'.length).split('/');
    checkActionBody(model, body, bindingType!, action!, dialect);
    return;
  }
  if (body !== undefined) checkEntityBody(model, body, requestType, dialect);
}
