// Golden tests against real IntuneWinAppUtil payloads (../shared/reference/intunewin/).
import { createDecipheriv } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  contentFileBody,
  encryptPayloadFile,
  fileEncryptionInfoFromDetection,
  parseDetectionXml,
  verifyEncryptedContent,
  writeDetectionXml,
} from '../../src/intunewin/index.ts';
import { reference } from '../support/reference.ts';

const samplesRef = reference('intunewin/', 'real IntuneWinAppUtil payloads');
const samplesDir = samplesRef.path;
const samples = samplesRef.present
  ? readdirSync(samplesDir)
      .filter((name) => name.endsWith('.intunewin'))
      .map((name) => name.replace(/\.intunewin$/, ''))
  : [];

function load(name: string) {
  const payload = readFileSync(path.join(samplesDir, `${name}.intunewin`));
  const xml = readFileSync(path.join(samplesDir, `${name}.app.xml`), 'utf8');
  return { payload, xml, detection: parseDetectionXml(xml, `${name}.app.xml`) };
}

/** Element names in document order, with depth, attributes of the root, from an order-preserving parse. */
function structure(xml: string): string[] {
  const nodes = new XMLParser({ preserveOrder: true, ignoreAttributes: false }).parse(xml) as unknown[];
  const out: string[] = [];
  const walk = (list: unknown[], depth: number): void => {
    for (const node of list as Record<string, unknown>[]) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '#text') continue;
        if (key === ':@') {
          out.push(`${depth}@${Object.keys(value as object).join(',')}`);
          continue;
        }
        out.push(`${depth}:${key}`);
        if (Array.isArray(value)) walk(value, depth + 1);
      }
    }
  };
  walk(nodes, 0);
  return out;
}

describe.skipIf(!samplesRef.present)(samplesRef.title, () => {
  it('finds all four samples', () => {
    expect(samples.sort()).toEqual(['automate', 'datto', 'immy', 'syncro']);
  });

  it.each(samples)('%s: verifies MAC, digest and sizes against its Detection.xml', async (name) => {
    const { payload, detection } = load(name);
    const result = await verifyEncryptedContent(
      path.join(samplesDir, `${name}.intunewin`),
      detection.encryptionInfo,
      {
        size: detection.unencryptedContentSize,
        sizeEncrypted: payload.length,
      },
    );
    expect(result).toEqual({
      ok: true,
      size: detection.unencryptedContentSize,
      sizeEncrypted: payload.length,
    });
  });

  it.each(samples)(
    '%s: decrypts to a zip, and re-encrypting with its keys gives the same bytes',
    async (name) => {
      const { payload, detection } = load(name);
      const chunks: Buffer[] = [];
      const result = await verifyEncryptedContent(payload, detection.encryptionInfo, {
        onPlaintext: (chunk) => void chunks.push(chunk),
      });
      expect(result.ok).toBe(true);
      const plaintext = Buffer.concat(chunks);
      expect(plaintext.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));

      const dir = await mkdtemp(path.join(tmpdir(), 'intunewin-golden-'));
      await writeFile(path.join(dir, 'inner.zip'), plaintext);
      const info = detection.encryptionInfo;
      const again = await encryptPayloadFile(path.join(dir, 'inner.zip'), path.join(dir, 'again.bin'), {
        keys: {
          encryptionKey: Buffer.from(info.encryptionKey, 'base64'),
          macKey: Buffer.from(info.macKey, 'base64'),
          initializationVector: Buffer.from(info.initializationVector, 'base64'),
        },
      });
      expect(await readFile(path.join(dir, 'again.bin'))).toEqual(payload);
      expect(again.fileEncryptionInfo).toEqual(fileEncryptionInfoFromDetection(detection));
      expect(again.size).toBe(detection.unencryptedContentSize);
    },
  );

  it.each(samples)('%s: one changed byte anywhere fails verification', async (name) => {
    const { payload, detection } = load(name);
    for (const offset of [0, 40, 60, payload.length - 1]) {
      const tampered = Buffer.from(payload);
      tampered[offset] = (tampered[offset] ?? 0) ^ 0x01;
      const result = await verifyEncryptedContent(tampered, detection.encryptionInfo);
      expect(result.ok, `offset ${offset}`).toBe(false);
      expect(result.ok ? '' : result.reason).toMatch(
        offset >= 32 && offset < 48 ? /iv-mismatch/ : /mac-mismatch/,
      );
    }
  });

  it('rejects a wrong digest, a wrong key and wrong sizes with distinct reasons', async () => {
    const { payload, detection } = load(samples[0] ?? 'datto');
    const info = detection.encryptionInfo;
    const otherDigest = Buffer.alloc(32, 7).toString('base64');
    expect(await verifyEncryptedContent(payload, { ...info, fileDigest: otherDigest })).toMatchObject({
      ok: false,
      reason: 'digest-mismatch',
    });
    const otherKey = Buffer.alloc(32, 9).toString('base64');
    const wrongKey = await verifyEncryptedContent(payload, { ...info, encryptionKey: otherKey });
    expect(wrongKey.ok ? '' : wrongKey.reason).toMatch(/decrypt-failed|digest-mismatch/);
    expect(await verifyEncryptedContent(payload, info, { sizeEncrypted: payload.length + 16 })).toMatchObject(
      {
        reason: 'size-mismatch',
      },
    );
    expect(await verifyEncryptedContent(payload, info, { size: 1 })).toMatchObject({
      reason: 'size-mismatch',
    });
    expect(await verifyEncryptedContent(payload, { ...info, macKey: 'short' })).toMatchObject({
      reason: 'invalid-encryption-info',
    });
    expect(await verifyEncryptedContent(payload.subarray(0, 50), info)).toMatchObject({
      reason: 'too-short',
    });
    // the decrypted bytes are also decryptable by plain node:crypto with the XML's key: the layout is header + CBC
    const decipher = createDecipheriv(
      'aes-256-cbc',
      Buffer.from(info.encryptionKey, 'base64'),
      payload.subarray(32, 48),
    );
    const plain = Buffer.concat([decipher.update(payload.subarray(48)), decipher.final()]);
    expect(plain.length).toBe(detection.unencryptedContentSize);
  });

  it.each(samples)('%s: our Detection.xml has the same structure, namespaces and no declaration', (name) => {
    const { xml, detection } = load(name);
    const ours = writeDetectionXml(detection);
    expect(structure(ours)).toEqual(structure(xml));
    expect(ours.startsWith('<ApplicationInfo ')).toBe(true);
    expect(xml.startsWith('<ApplicationInfo ')).toBe(true);
    expect(ours).not.toMatch(/<\?xml/);
    expect(ours.split('\n')[1]).toMatch(/^ {2}<Name>/);
    expect(ours.split('\n').find((line) => line.includes('<EncryptionKey>'))).toMatch(/^ {4}<EncryptionKey>/);
    expect(parseDetectionXml(ours)).toEqual(detection);
  });

  it.each(samples)('%s: maps to the Graph content-file and commit bodies', (name) => {
    const { payload, detection } = load(name);
    expect(contentFileBody(detection, payload.length)).toEqual({
      '@odata.type': '#microsoft.graph.mobileAppContentFile',
      name: detection.fileName,
      size: detection.unencryptedContentSize,
      sizeEncrypted: payload.length,
      manifest: null,
      isDependency: false,
    });
    const info = fileEncryptionInfoFromDetection(detection);
    expect(Object.keys(info)).toEqual([
      'encryptionKey',
      'macKey',
      'initializationVector',
      'mac',
      'profileIdentifier',
      'fileDigest',
      'fileDigestAlgorithm',
    ]);
    expect(info.profileIdentifier).toBe('ProfileVersion1');
    expect(info.mac).toBe(payload.subarray(0, 32).toString('base64'));
  });
});

if (samples.length === 0) {
  describe('real IntuneWinAppUtil payloads', () => {
    it.skip(`skipped: the reference folder ${samplesDir} is absent`, () => undefined);
  });
}
