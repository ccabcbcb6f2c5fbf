// A local HTTP server that stands in for every service endpoint and counts what reaches it: the
// proof that refused local input called nothing.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Tripwire {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

export async function startTripwire(): Promise<Tripwire> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
