// One DNS question to one server: UDP first, TCP when the answer is truncated (RFC 7766).
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { connect } from 'node:net';
import { ServiceError } from '../../../errors.ts';
import { decodeMessage, FLAG_TRUNCATED, queryMessage, type Message, type RecordTypeName } from './wire.ts';

export interface NameServerAddress {
  host: string;
  port: number;
}

export interface QueryOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

function failure(server: NameServerAddress, kind: 'timeout' | 'network', detail: string): ServiceError {
  return new ServiceError('dns', kind, `DNS server ${server.host}:${server.port}: ${detail}`, {
    operation: 'dns.query',
  });
}

function overUdp(
  server: NameServerAddress,
  query: Buffer,
  id: number,
  options: QueryOptions,
): Promise<Message> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(server.host.includes(':') ? 'udp6' : 'udp4');
    const finish = (error: Error | undefined, message?: Message): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.close();
      if (error) reject(error);
      else if (message) resolve(message);
    };
    const onAbort = (): void => finish(failure(server, 'network', 'aborted'));
    const timer = setTimeout(
      () => finish(failure(server, 'timeout', `no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (error) => finish(failure(server, 'network', error.message)));
    socket.on('message', (data) => {
      try {
        const message = decodeMessage(data);
        if (message.id === id) finish(undefined, message); // other ids are stray answers: ignored
      } catch (error) {
        finish(failure(server, 'network', `unreadable answer: ${(error as Error).message}`));
      }
    });
    socket.send(query, server.port, server.host);
  });
}

function overTcp(server: NameServerAddress, query: Buffer, options: QueryOptions): Promise<Message> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: server.host, port: server.port });
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(failure(server, 'timeout', `no TCP answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(failure(server, 'network', error.message));
    });
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length);
      socket.write(Buffer.concat([length, query]));
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const size = received.readUInt16BE(0);
      if (received.length < 2 + size) return;
      clearTimeout(timer);
      socket.end();
      try {
        resolve(decodeMessage(received.subarray(2, 2 + size)));
      } catch (error) {
        reject(failure(server, 'network', `unreadable TCP answer: ${(error as Error).message}`));
      }
    });
  });
}

export async function queryServer(
  server: NameServerAddress,
  name: string,
  type: RecordTypeName,
  options: QueryOptions,
): Promise<Message> {
  const id = randomInt(0, 0x10000);
  const query = queryMessage(id, name, type);
  const answer = await overUdp(server, query, id, options);
  if ((answer.flags & FLAG_TRUNCATED) === 0) return answer;
  return overTcp(server, query, options);
}

/** TCP only: tests use it to prove the server speaks both transports. */
export function queryServerOverTcp(
  server: NameServerAddress,
  name: string,
  type: RecordTypeName,
  options: QueryOptions,
): Promise<Message> {
  return overTcp(server, queryMessage(randomInt(0, 0x10000), name, type), options);
}
