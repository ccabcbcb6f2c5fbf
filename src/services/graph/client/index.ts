export { createGraphClient, GRAPH_SCOPE, type GraphClient, type GraphClientOptions } from './client.ts';
