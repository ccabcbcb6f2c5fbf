// The authoritative server's own wire format (src/services/dns/emulator/wire.ts, written from RFC 1035 and
// sharing no code with the tool's resolver) seen from outside: hand-built queries over real UDP,
// answers read byte by byte and by the tool's decoder. Compression pointers in answers, NODATA
// with the SOA for a type the zone never holds, NOTIMP for other opcodes, silence for garbage.
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage } from '../../src/services/dns/client/wire.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 1035 });
});
afterAll(() => sb.close());

function query(id: number, name: string, type: number, opcode = 0): Buffer {
  const labels = name.split('.').flatMap((l) => [Buffer.from([l.length]), Buffer.from(l, 'ascii')]);
  const header = Buffer.from([id >> 8, id & 0xff, opcode << 3, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  return Buffer.concat([header, ...labels, Buffer.from([0, 0, type, 0, 1])]);
}

function overUdp(packet: Buffer, waitMs = 2000): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, waitMs);
    socket.once('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg);
    });
    socket.send(packet, sb.dns.nameserver.port, sb.dns.nameserver.host);
  });
}

describe('sandbox DNS wire format (RFC 1035)', () => {
  it('compresses names in answers (§4.1.4), and the tool decodes them', async () => {
    const reply = (await overUdp(query(1, 'contoso.example', 15)))!;
    // After the 12-byte header and the question, the answer's owner name is a pointer to offset 12.
    const questionEnd = 12 + 'contoso.example'.length + 2 + 4;
    expect(reply.readUInt16BE(questionEnd)).toBe(0xc000 | 12);
    const decoded = decodeMessage(reply);
    expect(decoded.answers[0]).toMatchObject({ type: 'MX', name: 'contoso.example' });
  });

  it('answers NODATA with the SOA for a type the zone never holds (AAAA)', async () => {
    const reply = (await overUdp(query(2, 'contoso.example', 28)))!;
    expect(reply.readUInt16BE(2) & 0x000f).toBe(0); // NOERROR
    expect(reply.readUInt16BE(2) & 0x0400).toBe(0x0400); // AA
    expect(reply.readUInt16BE(6)).toBe(0); // no answers
    expect(reply.readUInt16BE(8)).toBe(1); // the SOA in the authority section
  });

  it('answers NOTIMP to an opcode other than QUERY (§4.1.1)', async () => {
    const reply = (await overUdp(query(3, 'contoso.example', 15, 2)))!;
    expect(reply.readUInt16BE(2) & 0x000f).toBe(4);
  });

  it('drops bytes that are not a query', async () => {
    expect(await overUdp(Buffer.from([1, 2, 3]), 300)).toBeUndefined();
  });
});
