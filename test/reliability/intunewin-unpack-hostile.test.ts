// `intunewin unpack` of hostile packages, through the built CLI in child processes. Each package
// is valid but for one hostile thing, in the inner zip (names, entry types, lying sizes and CRCs,
// a 400 MB zip bomb, overlapping entries) or the outer zip (a 1.5 GB Detection.xml bomb, DOCTYPE
// and entities, duplicate entries). Every one must exit 2 with a reason naming the entry, print
// no stack trace and no raw control character, leave the output as it was (absent, or the empty
// or non-empty folder or file it was) and no temporary folder behind; the bombs must also stay
// within 100 MB of a good unpack's peak RSS (measured in the child by an --import hook).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { PACKAGE_DETECTION_ENTRY, PACKAGE_PAYLOAD_ENTRY } from '../../src/intunewin/index.ts';
import { cliPath, runCli, tempDir } from '../cli/run-cli.ts';
import {
  file,
  HOST_UNIX,
  localRecord,
  METHOD_DEFLATE,
  METHOD_STORED,
  S_IFIFO,
  S_IFLNK,
  S_IFREG,
  writePackage,
  zeroBomb,
  zerosCrc,
  zipBytes,
  type PackageParts,
  type RawEntry,
} from './support/hostile-packages.ts';

const MB = 1000 * 1000;
const MEMORY_BUDGET = 100 * MB;

/** Writes the child's peak RSS (KiB) to $SOP_MAXRSS_FILE when it exits. */
const maxRssHook = `data:text/javascript,${encodeURIComponent(
  'import { writeFileSync } from "node:fs";' +
    'process.on("exit", () => writeFileSync(process.env.SOP_MAXRSS_FILE, String(process.resourceUsage().maxRSS)));',
)}`;

type OutputState = 'absent' | 'empty-folder' | 'full-folder' | 'file' | 'missing-parents';

interface HostileCase {
  name: string;
  parts: () => PackageParts;
  says: RegExp;
  output?: OutputState;
  measureMemory?: boolean;
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A setup folder with the setup file and a few good files, then the given entries. */
function inner(...entries: RawEntry[]): Buffer {
  return zipBytes([file('setup.cmd', 'msiexec /i agent.msi /qn\r\n'), file('bin/tool.dll'), ...entries]);
}

function innerCase(name: string, says: RegExp, ...entries: RawEntry[]): HostileCase {
  return { name, says, parts: () => ({ inner: inner(...entries) }) };
}

const unixMode = (mode: number): number => (mode << 16) >>> 0;

const nameCases: HostileCase[] = [
  innerCase(
    'duplicate names',
    /"bin\/a\.dll" is refused: the package holds two entries of that name/,
    file('bin/a.dll', 'one'),
    file('bin/a.dll', 'two'),
  ),
  innerCase(
    'names differing only in case',
    /"bin\/A\.DLL" is refused: it names the same path as "bin\/a\.dll" on Windows/,
    file('bin/a.dll'),
    file('bin/A.DLL'),
  ),
  innerCase(
    'folders differing only in case',
    /"BIN\/b\.dll" is refused: it spells the folder "bin" as "BIN"/,
    { name: 'bin/' },
    file('BIN/b.dll'),
    { name: 'Bin/' },
  ),
  innerCase(
    'composed and decomposed Unicode',
    /"cafe\u0301\.txt" is refused: it names the same path as "caf\u00e9\.txt"/,
    file('caf\u00e9.txt'),
    file('cafe\u0301.txt'),
  ),
  innerCase(
    'a/./b beside a/b',
    /"docs\/\.\/b\.txt" is refused: its name has a "\." path component/,
    file('docs/b.txt'),
    file('docs/./b.txt'),
  ),
  innerCase(
    'a file, then a folder of that name',
    /"tools" is refused: it is a file, but "tools\/x\.dll" needs a folder of that name/,
    file('tools'),
    file('tools/x.dll'),
  ),
  innerCase(
    'a folder, then a file of that name',
    /"tools" is refused: it names a file where "tools\/" is a folder/,
    { name: 'tools/' },
    file('tools'),
  ),
  innerCase(
    'a file, then a case-different folder under it',
    /"Tools" is refused: it is a file, but "tools\/x\.dll" needs a folder/,
    file('Tools'),
    file('tools/x.dll'),
  ),
  innerCase('a Unix symlink', /"link" is refused: it is a symbolic link/, {
    name: 'link',
    content: Buffer.from('/etc/passwd'),
    hostSystem: HOST_UNIX,
    externalAttributes: unixMode(S_IFLNK | 0o777),
  }),
  innerCase(
    'a symlinked folder and a file through it',
    /"lib" is refused: it is a symbolic link/,
    {
      name: 'lib',
      content: Buffer.from('/tmp'),
      hostSystem: HOST_UNIX,
      externalAttributes: unixMode(S_IFLNK | 0o755),
    },
    file('lib/evil.sh'),
  ),
  innerCase('a Windows reparse point', /"junction" is refused: it is a symbolic link/, {
    name: 'junction',
    content: Buffer.from('C:\\Windows'),
    externalAttributes: 0x400,
  }),
  innerCase('a FIFO', /"pipe" is refused: it is a special file/, {
    name: 'pipe',
    hostSystem: HOST_UNIX,
    externalAttributes: unixMode(S_IFIFO | 0o644),
  }),
  innerCase(
    'a folder marked as a file',
    /"odd\/" is refused: its name ends in "\/" but it is marked as a file/,
    { name: 'odd/', hostSystem: HOST_UNIX, externalAttributes: unixMode(S_IFREG | 0o644) },
  ),
  innerCase('a file marked as a folder', /"odd" is refused: it is marked as a folder/, {
    name: 'odd',
    externalAttributes: 0x10,
  }),
  innerCase(
    'a 256-byte name component',
    /is refused: its name has a component longer than 255 bytes/,
    file(`${'n'.repeat(256)}.txt`),
  ),
  innerCase(
    'a 256-byte component in 2-byte characters',
    /is refused: its name has a component longer than 255 bytes/,
    file('\u00e9'.repeat(128)),
  ),
  innerCase(
    'a 4200-byte path',
    /is refused: its name is longer than 4095 bytes/,
    file(`${Array.from({ length: 21 }, () => 'd'.repeat(200)).join('/')}/f.txt`),
  ),
  innerCase(
    'a path that fits but not under the output folder',
    /is refused: its path in .* would be longer than 4095 bytes/,
    file(`${Array.from({ length: 19 }, () => 'd'.repeat(200)).join('/')}/${'f'.repeat(250)}`),
  ),
  innerCase(
    'a NUL in a name',
    /"setup\\u0000\.exe" is refused: its name holds a NUL or control character/,
    file('setup\u0000.exe'),
  ),
  innerCase(
    'a terminal escape in a name',
    /"a\\u001b\[31mred\.txt" is refused: its name holds a NUL or control character/,
    file('a\u001b[31mred.txt'),
  ),
  innerCase('a C1 control in a name', /"a\\u009bx\.txt" is refused/, file('a\u009bx.txt')),
  innerCase(
    'an absolute path',
    /"\/etc\/cron\.d\/evil" is refused: its name is an absolute path/,
    file('/etc/cron.d/evil'),
  ),
  innerCase(
    'a parent path',
    /"\.\.\/evil\.txt" is refused: its name has a "\.\." path component/,
    file('../evil.txt'),
  ),
  innerCase(
    'a nested parent path',
    /"bin\/\.\.\/\.\.\/evil\.txt" is refused: its name has a "\.\." path component/,
    file('bin/../../evil.txt'),
  ),
  innerCase(
    'a drive-relative name',
    /"C:evil\.txt" is refused: its name has a character Windows forbids.*drive letter/,
    file('C:evil.txt'),
  ),
  innerCase('a drive-absolute name', /"C:\/Windows\/evil\.dll" is refused/, file('C:/Windows/evil.dll')),
  innerCase(
    'a backslash',
    /"bin\\\\\.\.\\\\evil\.txt" is refused: its name holds a backslash/,
    file('bin\\..\\evil.txt'),
  ),
  innerCase(
    'an NTFS data stream',
    /"setup\.cmd:hidden" is refused: its name has a character Windows forbids/,
    file('setup.cmd:hidden'),
  ),
  innerCase('a Windows-forbidden character', /"what\?\.txt" is refused/, file('what?.txt')),
  innerCase('a device name', /"CON" is refused: its name has a Windows device name/, file('CON')),
  innerCase(
    'a device name with an extension',
    /"logs\/nul\.txt" is refused: its name has a Windows device name/,
    file('logs/nul.txt'),
  ),
  innerCase(
    'a trailing dot',
    /"readme\." is refused: its name has a component ending in a dot or space/,
    file('readme.'),
  ),
  innerCase(
    'a trailing space',
    /"docs \/a\.txt" is refused: its name has a component ending in a dot or space/,
    file('docs /a.txt'),
  ),
  innerCase(
    'a name that is not UTF-8',
    /is refused: its name is not valid UTF-8/,
    file(Buffer.from([0x62, 0x61, 0xff, 0x64])),
  ),
  innerCase('an empty name', /"" is refused: its name is empty/, file('')),
  innerCase(
    'a doubled slash',
    /"bin\/\/x\.dll" is refused: its name has an empty path component/,
    file('bin//x.dll'),
  ),
];

const bombEntry: RawEntry = {
  name: 'payload/huge.bin',
  method: METHOD_DEFLATE,
  data: zeroBomb(400),
  size: 1024,
  crc: 0,
};

const contentCases: HostileCase[] = [
  {
    ...innerCase(
      'an entry declaring 1 KB that inflates to 400 MB',
      /"payload\/huge\.bin" declares 1024 bytes but holds more/,
      bombEntry,
      file('after.txt'),
    ),
    measureMemory: true,
  },
  innerCase('an entry shorter than declared', /"short\.bin" declares 2000 bytes but holds 1000/, {
    name: 'short.bin',
    content: Buffer.alloc(1000, 7),
    size: 2000,
  }),
  innerCase('a stored entry shorter than declared', /"short\.bin" declares 2000 bytes but holds 1000/, {
    name: 'short.bin',
    method: METHOD_STORED,
    content: Buffer.alloc(1000, 7),
    size: 2000,
  }),
  innerCase('a CRC-32 that does not match', /"crc\.bin" is damaged \(its CRC-32 does not match\)/, {
    name: 'crc.bin',
    content: Buffer.alloc(5000, 1),
    crc: 0xdeadbeef,
  }),
  innerCase('deflate data that is not deflate', /"broken\.bin" cannot be inflated/, {
    name: 'broken.bin',
    data: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]),
    size: 10,
  }),
  innerCase('truncated deflate data', /"cut\.bin" (cannot be inflated|declares)/, {
    name: 'cut.bin',
    content: Buffer.alloc(100_000, 3),
    data: deflateRawSync(Buffer.from('x'.repeat(50_000) + 'y'.repeat(50_000))).subarray(0, 40),
  }),
  innerCase(
    'an unsupported compression method after good files',
    /"bz\.bin" is refused: it uses compression method 12/,
    { name: 'bz.bin', method: 12, data: Buffer.from('BZh9'), size: 4 },
  ),
  innerCase('a zip-password entry', /"secret\.txt" is refused: it is encrypted with a zip password/, {
    ...file('secret.txt'),
    flags: 0x0801,
  }),
  innerCase('a folder entry with content', /"dir\/" is refused: it is a folder with content/, {
    name: 'dir/',
    method: METHOD_STORED,
    content: Buffer.from('x'),
  }),
  innerCase('a local header naming another entry', /"real\.txt" names a different entry/, {
    ...file('real.txt'),
    localName: 'fake.txt',
  }),
  innerCase('a Zip64 size marker', /"big\.bin" needs Zip64/, {
    name: 'big.bin',
    method: METHOD_STORED,
    content: Buffer.from('x'),
    size: 0xffffffff,
  }),
  {
    name: 'overlapping entries (one entry holding another)',
    says: /"outer\.bin" is refused: its bytes overlap another entry/,
    parts: () => {
      const hidden = file('hidden.txt', 'inflated twice');
      const outer: RawEntry = { name: 'outer.bin', method: METHOD_STORED, content: localRecord(hidden) };
      return {
        inner: zipBytes([
          outer,
          { ...hidden, centralOnly: true, localHeaderOffset: 30 + 'outer.bin'.length },
          file('setup.cmd'),
        ]),
      };
    },
  },
];

const detectionAsBomb = (xml: Buffer): RawEntry => ({
  name: PACKAGE_DETECTION_ENTRY,
  method: METHOD_DEFLATE,
  data: Buffer.concat([deflateRawSync(xml, { finishFlush: 2 /* Z_SYNC_FLUSH */ }), zeroBomb(1536)]),
  size: 1024,
  crc: 0,
});

const withDoctype = (doctype: string, entity: string) => (xml: string) =>
  `${doctype}\n${xml.replace('<Name>setup.cmd</Name>', `<Name>${entity}</Name>`)}`;

const outerCases: HostileCase[] = [
  {
    name: 'a Detection.xml declaring 1 KB that inflates to 1.5 GB',
    says: /"IntuneWinPackage\/Metadata\/Detection\.xml" declares 1024 bytes but holds more/,
    parts: () => ({ inner: inner(), detectionEntry: detectionAsBomb }),
    measureMemory: true,
  },
  {
    name: 'a Detection.xml declaring 2 MiB',
    says: /Detection\.xml declares 2097152 bytes, more than the 1048576/,
    parts: () => ({
      inner: inner(),
      detectionEntry: (xml) => ({ name: PACKAGE_DETECTION_ENTRY, content: xml, size: 2 * 1024 * 1024 }),
    }),
  },
  {
    name: 'a DOCTYPE with an external entity',
    says: /Detection\.xml is not a valid Detection\.xml: it has a DOCTYPE or ENTITY declaration/,
    parts: () => ({
      inner: inner(),
      detectionXml: withDoctype(
        '<!DOCTYPE ApplicationInfo [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '&x;',
      ),
    }),
  },
  {
    name: 'a DOCTYPE with nested internal entities (billion laughs)',
    says: /it has a DOCTYPE or ENTITY declaration/,
    parts: () => ({
      inner: inner(),
      detectionXml: withDoctype(
        `<!DOCTYPE ApplicationInfo [<!ENTITY a "${'ha'.repeat(50)}">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${`&${i === 0 ? 'a' : 'b'.repeat(i)};`.repeat(10)}">`).join('')}]>`,
        '&bbbbbbbbb;',
      ),
    }),
  },
  {
    name: 'a lower-case, spaced doctype',
    says: /it has a DOCTYPE or ENTITY declaration/,
    parts: () => ({
      inner: inner(),
      detectionXml: withDoctype('<! doctype ApplicationInfo SYSTEM "http://127.0.0.1:9/x.dtd">', 'x'),
    }),
  },
  {
    name: 'a Detection.xml nested 100,000 deep',
    says: /is not a valid Detection\.xml/,
    parts: () => ({
      inner: inner(),
      detectionXml: (xml) =>
        xml.replace(
          '<Name>setup.cmd</Name>',
          `<Name>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</Name>`,
        ),
    }),
  },
  {
    name: 'a Detection.xml that is not XML',
    says: /is not a valid Detection\.xml/,
    parts: () => ({ inner: inner(), detectionXml: () => '\u0000\u0001 not xml <' }),
  },
  {
    name: 'a payload whose declared size differs from its stored bytes',
    says: /the encrypted payload's stored and declared sizes differ/,
    parts: () => ({ inner: inner(), payloadEntry: (payload) => ({ ...payload, size: 1 }) }),
  },
  {
    name: 'a compressed payload',
    says: /the encrypted payload is compressed/,
    parts: () => ({ inner: inner(), payloadEntry: (payload) => ({ ...payload, method: METHOD_DEFLATE }) }),
  },
  {
    name: 'two Detection.xml entries',
    says: /holds "IntuneWinPackage\/Metadata\/Detection\.xml" and "IntuneWinPackage\/Metadata\/Detection\.xml", which name the same entry/,
    parts: () => ({
      inner: inner(),
      extraOuter: ({ detection }) => [{ ...detection, content: Buffer.from('<ApplicationInfo/>') }],
    }),
  },
  {
    name: 'a second payload differing in case',
    says: /which name the same entry/,
    parts: () => ({
      inner: inner(),
      extraOuter: ({ payload }) => [{ ...payload, name: PACKAGE_PAYLOAD_ENTRY.toLowerCase() }],
    }),
  },
];

/** The same hostile package against each kind of output the user may name. */
const outputCases: HostileCase[] = (['empty-folder', 'full-folder', 'file', 'missing-parents'] as const).map(
  (output) => ({
    ...innerCase(
      `output ${output}`,
      output === 'full-folder'
        ? /the output folder .* is not empty/
        : output === 'file'
          ? /the output .* exists and is not a folder/
          : /"tools" is refused/,
      file('tools'),
      file('tools/x.dll'),
    ),
    output,
  }),
);

async function prepareOutput(dir: string, state: OutputState): Promise<string> {
  if (state === 'missing-parents') return path.join(dir, 'new', 'deep', 'out');
  const out = path.join(dir, 'out');
  if (state === 'empty-folder') await mkdir(out);
  if (state === 'full-folder') {
    await mkdir(out);
    await writeFile(path.join(out, 'keep.txt'), 'mine');
  }
  if (state === 'file') await writeFile(out, 'mine');
  return out;
}

async function expectOutputUnchanged(dir: string, out: string, state: OutputState): Promise<void> {
  if (state === 'absent') expect(existsSync(out)).toBe(false);
  if (state === 'missing-parents') expect(existsSync(path.join(dir, 'new'))).toBe(false);
  if (state === 'empty-folder') expect(await readdir(out)).toEqual([]);
  if (state === 'full-folder') {
    expect(await readdir(out)).toEqual(['keep.txt']);
    expect(await readFile(path.join(out, 'keep.txt'), 'utf8')).toBe('mine');
  }
  if (state === 'file') expect(await readFile(out, 'utf8')).toBe('mine');
  expect((await readdir(dir)).filter((name) => name.startsWith('.intunewin-unpack-'))).toEqual([]);
}

async function unpack(
  dir: string,
  pkg: string,
  out: string,
): Promise<{ code: number | null; stdout: string; stderr: string; maxRss: number }> {
  const rssFile = path.join(dir, 'maxrss');
  const result = await runCli(['intunewin', 'unpack', pkg, '-o', out], {
    cwd: dir,
    nodeArgs: [`--import=${maxRssHook}`],
    env: { SOP_MAXRSS_FILE: rssFile },
  });
  return { ...result, maxRss: Number(await readFile(rssFile, 'utf8')) * 1024 };
}

/** Peak RSS of unpacking a good package of the same shape: the baseline the bombs are held to. */
let goodPeak: Promise<number> | undefined;
function goodUnpackPeak(): Promise<number> {
  goodPeak ??= (async () => {
    const dir = tempDir('unpack-good-');
    dirs.push(dir);
    const pkg = await writePackage(dir, 'good.intunewin', {
      inner: inner(file('payload/data.bin', 'x'.repeat(100_000))),
    });
    const result = await unpack(dir, pkg, path.join(dir, 'out'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result.maxRss;
  })();
  return goodPeak;
}

describe.concurrent('intunewin unpack refuses hostile packages', () => {
  it('unpacks a good package into a new folder, under missing parents, and into an empty folder', async () => {
    const dir = tempDir('unpack-good-');
    dirs.push(dir);
    const pkg = await writePackage(dir, 'good.intunewin', { inner: inner({ name: 'empty/' }) });
    for (const out of [path.join(dir, 'new'), path.join(dir, 'a', 'b', 'c')]) {
      const result = await unpack(dir, pkg, out);
      expect(result.code).toBe(0);
      expect(await readFile(path.join(out, 'bin', 'tool.dll'), 'utf8')).toBe('content of bin/tool.dll\n');
      expect(existsSync(path.join(out, 'empty'))).toBe(true);
    }
    const empty = path.join(dir, 'empty-out');
    await mkdir(empty);
    expect((await unpack(dir, pkg, empty)).code).toBe(0);
    expect((await readdir(empty)).sort()).toEqual(['bin', 'empty', 'setup.cmd']);
    expect((await readdir(dir)).filter((name) => name.startsWith('.intunewin-unpack-'))).toEqual([]);
  });

  for (const testCase of [...nameCases, ...contentCases, ...outerCases, ...outputCases]) {
    it(testCase.name, async () => {
      const dir = tempDir('unpack-hostile-');
      dirs.push(dir);
      const pkg = await writePackage(dir, 'hostile.intunewin', testCase.parts());
      const state = testCase.output ?? 'absent';
      const out = await prepareOutput(dir, state);
      const result = await unpack(dir, pkg, out);

      expect(result.stderr).toMatch(/^error \[INPUT_INVALID\]: /);
      expect(result.stderr).toMatch(testCase.says);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toMatch(/BUG|^\s+at /m);
      // eslint-disable-next-line no-control-regex
      expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(result.stdout).toBe('');
      await expectOutputUnchanged(dir, out, state);
      if (testCase.measureMemory) {
        expect(result.maxRss - (await goodUnpackPeak())).toBeLessThan(MEMORY_BUDGET);
      }
    });
  }

  it('leaves nothing behind when stopped by SIGTERM while extracting', async () => {
    const dir = tempDir('unpack-signal-');
    dirs.push(dir);
    // An honest 2 GiB entry (2 MB compressed): extraction takes long enough to be interrupted.
    const zeros: RawEntry = {
      name: 'payload/zeros.bin',
      method: METHOD_DEFLATE,
      data: zeroBomb(2048),
      size: 2048 * 1024 * 1024,
      crc: zerosCrc(2048),
    };
    const pkg = await writePackage(dir, 'big.intunewin', { inner: inner(zeros) });
    const out = path.join(dir, 'new', 'out');
    const child = spawn(process.execPath, [cliPath, 'intunewin', 'unpack', pkg, '-o', out], {
      cwd: dir,
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_, signal) => resolve(signal)),
    );
    const extracting = async (): Promise<boolean> => {
      const temps = await readdir(path.join(dir, 'new')).catch(() => []);
      return temps.some((temp) => existsSync(path.join(dir, 'new', temp, 'files', 'payload', 'zeros.bin')));
    };
    const deadline = Date.now() + 60_000;
    while (!(await extracting()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(existsSync(path.join(dir, 'new'))).toBe(false); // the temporary folder and the parent it made
  });

  it('refuses a file that is not a package, a missing file and a folder', async () => {
    const dir = tempDir('unpack-notzip-');
    dirs.push(dir);
    await writeFile(path.join(dir, 'junk.intunewin'), 'not a zip at all');
    await mkdir(path.join(dir, 'folder.intunewin'));
    for (const [pkg, says] of [
      ['junk.intunewin', /junk\.intunewin is not a readable zip file/],
      ['absent.intunewin', /cannot read absent\.intunewin: ENOENT/],
      ['folder.intunewin', /cannot read folder\.intunewin: EISDIR/],
    ] as const) {
      const result = await unpack(dir, pkg, path.join(dir, 'out'));
      expect(result.stderr).toMatch(says);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toMatch(/BUG|^\s+at /m);
      expect(existsSync(path.join(dir, 'out'))).toBe(false);
    }
  });
});
