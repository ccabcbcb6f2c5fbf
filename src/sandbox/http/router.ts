// A tiny router: method + anchored regex with named groups, plus per-route metadata.
export interface RouteMatch<Handler, Meta> {
  handler: Handler;
  meta: Meta;
  params: Record<string, string>;
}

interface Route<Handler, Meta> {
  method: string;
  pattern: RegExp;
  handler: Handler;
  meta: Meta;
}

export class Router<Handler, Meta> {
  private readonly routes: Array<Route<Handler, Meta>> = [];

  add(method: string, pattern: RegExp, meta: Meta, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), pattern, handler, meta });
    return this;
  }

  /** The route for method + path; 'method-not-allowed' when only the path matches. */
  match(method: string, path: string): RouteMatch<Handler, Meta> | 'method-not-allowed' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method.toUpperCase()) continue;
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) params[k] = v;
      return { handler: route.handler, meta: route.meta, params };
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}

/** OData string literal: quotes are doubled inside. */
export const ODATA_STRING = "'(?:[^']|'')*'";

export function unquoteOData(literal: string): string {
  const inner = literal.startsWith("'") && literal.endsWith("'") ? literal.slice(1, -1) : literal;
  return inner.replace(/''/g, "'");
}
