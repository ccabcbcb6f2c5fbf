// A real authoritative DNS server on loopback, UDP and TCP on the same port, answering from the
// sandbox's zone data. Answers over 512 bytes on UDP are truncated so clients retry over TCP.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import type { SandboxContext } from '../../../sandbox/context.ts';
import { answerQuery } from './answer.ts';
import {
  MalformedQuery,
  QR,
  RCODE,
  readQuery,
  writeReply,
  writeUdpReply,
  type WireQuery,
  type WireReply,
} from './wire.ts';

export interface RunningDnsServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** The reply to one query, or undefined for bytes that are not a DNS query (dropped, as real servers do). */
function respond(ctx: SandboxContext, data: Buffer): WireReply | undefined {
  let query: WireQuery;
  try {
    query = readQuery(data);
  } catch (error) {
    if (error instanceof MalformedQuery) return undefined;
    throw error;
  }
  if ((query.flags & QR) !== 0) return undefined; // a response, not a query
  try {
    return answerQuery(ctx, query);
  } catch {
    return {
      id: query.id,
      flags: QR,
      rcode: RCODE.SERVFAIL,
      questions: query.questions,
      answers: [],
      authorities: [],
    };
  }
}

function bindUdp(ctx: SandboxContext, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.on('message', (data, peer) => {
      const reply = respond(ctx, data);
      if (!reply) return;
      socket.send(writeUdpReply(reply), peer.port, peer.address);
    });
    socket.bind(port, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

function bindTcp(ctx: SandboxContext, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((conn) => {
      let buffer = Buffer.alloc(0);
      conn.on('error', () => conn.destroy());
      conn.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
          const size = buffer.readUInt16BE(0);
          const answer = respond(ctx, buffer.subarray(2, 2 + size));
          buffer = buffer.subarray(2 + size);
          if (!answer) continue;
          const reply = writeReply(answer);
          const length = Buffer.alloc(2);
          length.writeUInt16BE(reply.length);
          conn.write(Buffer.concat([length, reply]));
        }
      });
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export async function startDnsServer(ctx: SandboxContext): Promise<RunningDnsServer> {
  // UDP picks a free port; TCP must get the same one, so retry when another process holds it.
  for (let attempt = 0; ; attempt++) {
    const udp = await bindUdp(ctx, 0);
    const port = udp.address().port;
    try {
      const tcp = await bindTcp(ctx, port);
      return {
        host: '127.0.0.1',
        port,
        close: async () => {
          await new Promise<void>((resolve) => udp.close(() => resolve()));
          await new Promise<void>((resolve) => tcp.close(() => resolve()));
        },
      };
    } catch (error) {
      udp.close();
      if (attempt >= 10) throw error;
    }
  }
}
