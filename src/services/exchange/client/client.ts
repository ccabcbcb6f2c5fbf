// The Exchange Online adapter's public face: typed, validated cmdlets over InvokeCommand, and
// message trace (Graph first, Get-MessageTraceV2 as the fallback).
import type { TokenCredential } from '@azure/identity';
import type { Redactor } from '../../../redact.ts';
import type { HttpPolicy } from '../../../core/http/index.ts';
import { ExchangeHttp } from './http.ts';
import { mailFlowApi } from './mail-flow.ts';
import { messageTraceApi, type MessageTraceGraph } from './message-trace.ts';

export type ExchangeClient = ReturnType<typeof mailFlowApi> & ReturnType<typeof messageTraceApi>;

export interface ExchangeClientOptions {
  /** https://outlook.office365.com, or the sandbox's `${url}/exchange`. */
  baseUrl: string;
  /** The tenant GUID InvokeCommand is addressed to. */
  tenantId: string;
  credential: TokenCredential;
  policy: HttpPolicy;
  redactor: Redactor;
  /** Graph, for message trace; created on first use. */
  graph: () => Promise<MessageTraceGraph>;
  /** Token scope; defaults to `https://outlook.office365.com/.default`. */
  scope?: string;
  pageSize?: number;
}

export function createExchangeClient(options: ExchangeClientOptions): ExchangeClient {
  const http = new ExchangeHttp({
    baseUrl: options.baseUrl,
    tenantId: options.tenantId,
    credential: options.credential,
    policy: options.policy,
    redactor: options.redactor,
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
  return { ...mailFlowApi(http), ...messageTraceApi(http, options.graph) };
}
