// The emulator's own commit check (src/services/graph/emulator/intune/encrypted-content.ts, independent of the
// tool's packager) accepts the four real IntuneWinAppUtil payloads with the encryption info from
// their Detection.xml, and refuses each of them with one byte changed or a size misdeclared.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  checkEncryptedContent,
  type FileEncryptionInfo,
} from '../../src/services/graph/emulator/intune/encrypted-content.ts';
import { reference } from '../support/reference.ts';

const samples = reference('intunewin/', "the sandbox's commit check against real IntuneWinAppUtil payloads");
const NAMES = ['automate', 'datto', 'immy', 'syncro'];

function load(name: string) {
  const payload = readFileSync(path.join(samples.path, `${name}.intunewin`));
  const xml = new XMLParser({ parseTagValue: false }).parse(
    readFileSync(path.join(samples.path, `${name}.app.xml`), 'utf8'),
  ) as { ApplicationInfo: { UnencryptedContentSize: string; EncryptionInfo: Record<string, string> } };
  const e = xml.ApplicationInfo.EncryptionInfo;
  const info: FileEncryptionInfo = {
    encryptionKey: e.EncryptionKey!,
    macKey: e.MacKey!,
    initializationVector: e.InitializationVector!,
    mac: e.Mac!,
    profileIdentifier: e.ProfileIdentifier!,
    fileDigest: e.FileDigest!,
    fileDigestAlgorithm: e.FileDigestAlgorithm!,
  };
  return { payload, info, size: Number(xml.ApplicationInfo.UnencryptedContentSize) };
}

describe.skipIf(!samples.present)(samples.title, () => {
  it.each(NAMES)('%s: accepted as uploaded', (name) => {
    const { payload, info, size } = load(name);
    expect(checkEncryptedContent(payload, info, { size, sizeEncrypted: payload.length })).toEqual({
      ok: true,
    });
  });

  it.each(NAMES)('%s: refused with a byte changed, a wrong size or a wrong digest', (name) => {
    const { payload, info, size } = load(name);
    const tampered = Buffer.from(payload);
    tampered[tampered.length - 1]! ^= 1;
    const sizes = { size, sizeEncrypted: payload.length };
    expect(checkEncryptedContent(tampered, info, sizes).ok).toBe(false);
    expect(checkEncryptedContent(payload, info, { ...sizes, size: size + 1 }).ok).toBe(false);
    const otherDigest = Buffer.from(info.fileDigest, 'base64');
    otherDigest[0]! ^= 1;
    expect(
      checkEncryptedContent(payload, { ...info, fileDigest: otherDigest.toString('base64') }, sizes).ok,
    ).toBe(false);
  });
});
