/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- tests read JSON answers freely */
// Test helpers: real HTTP against a running sandbox.
import type { Sandbox } from '../../src/sandbox/index.ts';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const EXCHANGE_SCOPE = 'https://outlook.office365.com/.default';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON freely
  body: any;
}

export async function requestToken(
  sandbox: Sandbox,
  form: Record<string, string>,
  tenant: string = sandbox.tenantId,
): Promise<HttpAnswer> {
  const res = await fetch(`${sandbox.url}/login/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

export async function tokenFor(
  sandbox: Sandbox,
  scope = GRAPH_SCOPE,
  credentials: { clientId: string; clientSecret: string } = sandbox.credentials,
): Promise<string> {
  const answer = await requestToken(sandbox, {
    grant_type: 'client_credentials',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    scope,
  });
  if (answer.status !== 200) throw new Error(`token request failed: ${JSON.stringify(answer.body)}`);
  return answer.body.access_token as string;
}

export type GraphCaller = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<HttpAnswer>;

/** A caller for {url}/graph/v1.0{path}, or an absolute URL (nextLink). */
export function graphCaller(sandbox: Sandbox, token: string | undefined): GraphCaller {
  return async (method, path, body, headers = {}) => {
    const url = path.startsWith('http') ? path : `${sandbox.url}/graph/v1.0${path}`;
    const res = await fetch(url, {
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
  };
}

export async function connect(sandbox: Sandbox): Promise<GraphCaller> {
  return graphCaller(sandbox, await tokenFor(sandbox));
}
