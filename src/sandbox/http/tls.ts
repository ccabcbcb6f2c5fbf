// The sandbox serves HTTPS on loopback, so @azure/identity (MSAL refuses an http authority) and the
// official SDKs run unchanged against it. Its certificate comes from a CA the sandbox makes for
// itself: one per state folder, cached there (`tls/ca.pem`, `tls/ca.key` mode 0600, in a folder
// only the user can read), never installed anywhere. The process hosting the sandbox trusts it through Node's own default CA list
// (tls.setDefaultCACertificates, this thread only); other processes are given the CA file, e.g.
// through NODE_EXTRA_CA_CERTS, as `sandbox start` prints.
import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import forge from 'node-forge';
import { InputError } from '../../errors.ts';
import { makeDirectorySync } from '../../make-dir.ts';

export interface SandboxTls {
  /** PEM of the sandbox's own CA: what a client must trust. */
  caPem: string;
  /** Where that PEM is on disk (for NODE_EXTRA_CA_CERTS). */
  caPath: string;
  /** The loopback server's certificate (SAN 127.0.0.1, ::1, localhost) and its key. */
  certPem: string;
  keyPem: string;
}

const CA_DAYS = 825;
const LEAF_DAYS = 397;
/** A cached CA or leaf this close to its end is made anew. */
const RENEW_MARGIN_MS = 30 * 86_400_000;

let inMemory: SandboxTls | undefined;

/**
 * The CA and server certificate for a sandbox whose state lives in `dir` (its state file's folder),
 * made on first use and reused after; without a folder, one pair per process in a temp folder.
 */
export function sandboxTls(dir: string | undefined): SandboxTls {
  if (dir === undefined) {
    inMemory ??= loadOrCreate(
      path.join(mkdtempSync(path.join(os.tmpdir(), 'sop-integrate-sandbox-')), 'tls'),
      true,
    );
    return inMemory;
  }
  return loadOrCreate(path.join(dir, 'tls'), false);
}

function filesIn(folder: string): { ca: string; caKey: string; cert: string; key: string } {
  return {
    ca: path.join(folder, 'ca.pem'),
    caKey: path.join(folder, 'ca.key'),
    cert: path.join(folder, 'server.pem'),
    key: path.join(folder, 'server.key'),
  };
}

function loadOrCreate(folder: string, fresh: boolean): SandboxTls {
  const files = filesIn(folder);
  if (!fresh) {
    const cached = readCached(files);
    if (cached) return cached;
  }
  const ca = makeCa();
  const leaf = makeLeaf(ca);
  // The four files are written to a private temp folder beside it, which is then renamed into
  // place in one step: two processes starting on the same state folder at once end up with one
  // complete set (the second rename fails and that process reads the first one's set).
  makeDirectorySync(path.dirname(folder));
  const staging = mkdtempSync(`${folder}.staging-`);
  const staged = filesIn(staging);
  writeFileSync(staged.caKey, ca.keyPem, { mode: 0o600 });
  writeFileSync(staged.key, leaf.keyPem, { mode: 0o600 });
  writeFileSync(staged.cert, leaf.certPem, { mode: 0o644 });
  writeFileSync(staged.ca, ca.certPem, { mode: 0o644 });
  if (!fresh) rmSync(folder, { recursive: true, force: true }); // an expired or broken set
  try {
    renameSync(staging, folder);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const theirs = readCached(files);
    if (theirs) return theirs;
    throw error;
  }
  return { caPem: ca.certPem, caPath: files.ca, certPem: leaf.certPem, keyPem: leaf.keyPem };
}

function readCached(files: { ca: string; caKey: string; cert: string; key: string }): SandboxTls | undefined {
  try {
    const caPem = readFileSync(files.ca, 'utf8');
    const certPem = readFileSync(files.cert, 'utf8');
    const keyPem = readFileSync(files.key, 'utf8');
    const ca = new X509Certificate(caPem);
    const leaf = new X509Certificate(certPem);
    const soon = Date.now() + RENEW_MARGIN_MS;
    if (!leaf.verify(ca.publicKey) || !leaf.checkPrivateKey(createPrivateKey(keyPem))) return undefined;
    if (Date.parse(ca.validTo) < soon || Date.parse(leaf.validTo) < soon) return undefined;
    return { caPem, caPath: files.ca, certPem, keyPem };
  } catch {
    return undefined;
  }
}

interface KeyPair {
  certPem: string;
  keyPem: string;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

function rsaKeys(): {
  publicKey: forge.pki.rsa.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  keyPem: string;
} {
  // Node's native generator (fast); node-forge only builds and signs the certificates.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    keyPem: privateKey,
  };
}

function serial(): string {
  // Positive, 16 bytes (RFC 5280 §4.1.2.2 allows up to 20 octets).
  return `01${randomBytes(15).toString('hex')}`;
}

function validity(cert: forge.pki.Certificate, days: number): void {
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60_000);
  cert.validity.notAfter = new Date(now + days * 86_400_000);
}

function makeCa(): KeyPair {
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  validity(cert, CA_DAYS);
  const name = [
    { name: 'commonName', value: `sop-integrate sandbox CA ${randomBytes(4).toString('hex')}` },
    { name: 'organizationName', value: 'sop-integrate sandbox (local only)' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey, certPem: pem(cert), keyPem: keys.keyPem };
}

function makeLeaf(ca: KeyPair): { certPem: string; keyPem: string } {
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  validity(cert, LEAF_DAYS);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
        { type: 2, value: 'localhost' },
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { certPem: pem(cert), keyPem: keys.keyPem };
}

/** PEM with \n line ends (node-forge writes \r\n). */
function pem(cert: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

/**
 * Adds the sandbox CA to this process's default CA list (this thread only; Node >= 22.19), so the
 * in-process `--sandbox` run and tests reach the sandbox over verified TLS without any flag.
 */
export function trustInThisProcess(caPem: string): void {
  if (typeof tls.setDefaultCACertificates !== 'function') {
    throw new InputError(
      `The sandbox needs Node.js 22.19 or newer (this is ${process.version}) to trust its own CA in this process`,
      [],
      { hint: 'Upgrade Node.js, or run `sop-integrate sandbox start` and attach with the line it prints.' },
    );
  }
  const current = tls.getCACertificates('default');
  if (current.includes(caPem)) return;
  tls.setDefaultCACertificates([...current, caPem]);
}
