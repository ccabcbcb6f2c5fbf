// `intunewin pack` on hostile setup folders and outputs, through the built CLI in child
// processes: links that leave the folder, dangle or loop, pipes, sockets and devices (directly or
// through a link, or as the setup file itself), names that are not UTF-8 or that Windows cannot
// hold (the package is unzipped there), unreadable files, an existing output (replaced only with
// --force, and never clobbered by a failed pack), and an output inside the folder (never packaged
// into the next package, however the path is spelt).
// Every refusal is exit 2 naming the path, with no stack trace, and leaves nothing behind.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openIntunewinPackage, verifyEncryptedContent } from '../../src/intunewin/index.ts';
import { ZipFileReader } from '../../src/intunewin/zip/zip-reader.ts';
import { runCli, tempDir, type CliResult } from '../cli/run-cli.ts';

const isRoot = process.getuid?.() === 0;

// Every folder a test makes, removed at the end (pipes, sockets and chmod 000 entries included).
const made: string[] = [];
afterAll(() => {
  for (const dir of made) {
    // chmod -R skips links, but reports dangling ones with a failure status: ignore it.
    if (!isRoot) spawnSync('chmod', ['-R', 'u+rwx', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

function madeDir(prefix: string): string {
  const dir = tempDir(prefix);
  made.push(dir);
  return dir;
}

/** A folder `src` with a setup script and a data file, and `outside/secret.txt` beside it. */
function workspace(): string {
  const cwd = madeDir('intunewin-hostile-');
  mkdirSync(path.join(cwd, 'src', 'sub'), { recursive: true });
  mkdirSync(path.join(cwd, 'outside'));
  writeFileSync(path.join(cwd, 'src', 'setup.cmd'), 'msiexec /i agent.msi /qn\r\n');
  writeFileSync(path.join(cwd, 'src', 'sub', 'data.txt'), 'payload');
  writeFileSync(path.join(cwd, 'outside', 'secret.txt'), 'do not ship me');
  return cwd;
}

function pack(cwd: string, extra: string[] = [], setup = 'setup.cmd', out = 'out/pkg.intunewin') {
  return runCli(['intunewin', 'pack', 'src', '--setup', setup, '-o', out, ...extra], { cwd });
}

/** Exit 2, the offending path named, no stack frames and no BUG report. */
function expectRefused(result: CliResult, names: RegExp): void {
  expect(result.stderr, result.stdout).toMatch(names);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^error \[INPUT_INVALID\]/m);
  expect(result.stderr).not.toMatch(/^\s+at \S+ \(|\bBUG\b|exit 70/m);
  // No raw control bytes: a hostile name must not reach the terminal as an escape sequence.
  expect([...result.stderr].filter((c) => (c < ' ' && c !== '\n') || c === '\x7f')).toEqual([]);
}

/** Nothing written: no output folder, no package, no temporary folder left anywhere in cwd. */
function expectNothingWritten(cwd: string): void {
  expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  const stray = execFileSync('find', [cwd, '-name', '*.intunewin*'], { encoding: 'utf8' });
  expect(stray).toBe('');
}

/** The files a package holds, read back in-process (decrypted and verified as Intune does). */
async function packagedFiles(cwd: string, pkg: string): Promise<string[]> {
  const opened = await openIntunewinPackage(path.join(cwd, pkg));
  const chunks: Buffer[] = [];
  const verified = await verifyEncryptedContent(opened.payload, opened.detection.encryptionInfo, {
    onPlaintext: (chunk) => void chunks.push(Buffer.from(chunk)),
  });
  expect(verified).toMatchObject({ ok: true });
  const inner = path.join(madeDir('intunewin-inner-'), 'inner.zip');
  writeFileSync(inner, Buffer.concat(chunks));
  const zip = await ZipFileReader.open(inner);
  try {
    return zip.entries
      .filter((entry) => !entry.isDirectory)
      .map((entry) => entry.name)
      .sort();
  } finally {
    await zip.close();
  }
}

function fifo(at: string): void {
  execFileSync('mkfifo', [at]);
}

interface Case {
  name: string;
  arrange: (cwd: string) => void;
  says: RegExp;
  setup?: string;
}

const folderCases: Case[] = [
  {
    name: 'a file link out of the folder',
    arrange: (cwd) => symlinkSync('../outside/secret.txt', path.join(cwd, 'src', 'link')),
    says: /src\/link is a symbolic link to \S*outside\/secret\.txt, outside the setup folder/,
  },
  {
    name: 'a folder link out of the folder, one level down',
    arrange: (cwd) => symlinkSync('../../outside', path.join(cwd, 'src', 'sub', 'dir')),
    says: /src\/sub\/dir is a symbolic link to \S*\/outside, outside the setup folder/,
  },
  {
    name: 'an absolute link to a system file',
    arrange: (cwd) => symlinkSync('/etc/passwd', path.join(cwd, 'src', 'passwd')),
    says: /src\/passwd is a symbolic link to \/etc\/passwd, outside the setup folder/,
  },
  {
    name: 'a link to /dev/null',
    arrange: (cwd) => symlinkSync('/dev/null', path.join(cwd, 'src', 'null')),
    says: /src\/null is a symbolic link to \/dev\/null, outside/,
  },
  {
    name: 'a link to /dev/zero (endless if read)',
    arrange: (cwd) => symlinkSync('/dev/zero', path.join(cwd, 'src', 'zero')),
    says: /src\/zero is a symbolic link to \/dev\/zero, outside/,
  },
  {
    name: 'a dangling link',
    arrange: (cwd) => symlinkSync('nowhere.txt', path.join(cwd, 'src', 'gone')),
    says: /src\/gone is a symbolic link to nowhere\.txt, which does not exist/,
  },
  {
    name: 'a link to its own folder (loop -> .)',
    arrange: (cwd) => symlinkSync('.', path.join(cwd, 'src', 'loop')),
    says: /src\/loop leads back to a folder that contains it/,
  },
  {
    name: 'a link to an ancestor folder, deeper down',
    arrange: (cwd) => symlinkSync('..', path.join(cwd, 'src', 'sub', 'up')),
    says: /src\/sub\/up leads back to a folder that contains it/,
  },
  {
    name: 'two links naming each other (a -> b, b -> a)',
    arrange: (cwd) => {
      symlinkSync('b', path.join(cwd, 'src', 'a'));
      symlinkSync('a', path.join(cwd, 'src', 'b'));
    },
    says: /src\/a is a symbolic link loop/,
  },
  {
    name: 'a link to itself',
    arrange: (cwd) => symlinkSync('self', path.join(cwd, 'src', 'self')),
    says: /src\/self is a symbolic link loop/,
  },
  {
    name: 'a named pipe (FIFO)',
    arrange: (cwd) => fifo(path.join(cwd, 'src', 'sub', 'pipe')),
    says: /src\/sub\/pipe is a named pipe \(FIFO\)/,
  },
  {
    name: 'a link to a named pipe inside the folder',
    arrange: (cwd) => {
      fifo(path.join(cwd, 'src', 'sub', 'pipe'));
      symlinkSync('sub/pipe', path.join(cwd, 'src', 'a-pipe-link'));
    },
    says: /src\/a-pipe-link is a named pipe \(FIFO\) \(through the link to \S*src\/sub\/pipe\)/,
  },
  {
    name: 'a file name that is not UTF-8',
    arrange: (cwd) =>
      writeFileSync(Buffer.from(`${path.join(cwd, 'src', 'sub')}/bad-\xff-name`, 'latin1'), 'x'),
    says: /src\/sub\/bad-\\xff-name has a name that is not valid UTF-8; rename it/,
  },
  {
    name: 'a name with a backslash (a folder separator on Windows)',
    arrange: (cwd) => writeFileSync(path.join(cwd, 'src', 'sub', '..\\..\\evil.ps1'), 'x'),
    says: /src\/sub\/\.\.\\\.\.\\evil\.ps1 has a character Windows does not allow/,
  },
  {
    name: 'a name with a colon (an NTFS alternate data stream)',
    arrange: (cwd) => writeFileSync(path.join(cwd, 'src', 'setup.cmd:hidden'), 'x'),
    says: /src\/setup\.cmd:hidden has a character Windows does not allow/,
  },
  {
    name: 'a name carrying a terminal escape sequence (shown escaped, never raw)',
    arrange: (cwd) => writeFileSync(path.join(cwd, 'src', 'sub', 'red\x1b[31mtext'), 'x'),
    says: /src\/sub\/red\\x1b\[31mtext has a character Windows does not allow/,
  },
  {
    name: 'a dangling link whose target carries an escape sequence',
    arrange: (cwd) => symlinkSync('\x1b]0;pwned\x07', path.join(cwd, 'src', 'title')),
    says: /src\/title is a symbolic link to \\x1b\]0;pwned\\x07, which does not exist/,
  },
  {
    name: 'a Windows device name',
    arrange: (cwd) => writeFileSync(path.join(cwd, 'src', 'sub', 'NUL.txt'), 'x'),
    says: /src\/sub\/NUL\.txt is a device name on Windows/,
  },
  {
    name: 'two names that differ only in case',
    arrange: (cwd) => writeFileSync(path.join(cwd, 'src', 'Setup.cmd'), 'x'),
    says: /src holds both (Setup|setup)\.cmd and (setup|Setup)\.cmd, which are one name on Windows/,
  },
  {
    name: 'the setup file is a dangling link',
    arrange: (cwd) => symlinkSync('missing.msi', path.join(cwd, 'src', 'setup.msi')),
    setup: 'setup.msi',
    says: /setup file setup\.msi is a symbolic link to missing\.msi, which does not exist or loops/,
  },
  {
    name: 'the setup file is a link loop',
    arrange: (cwd) => symlinkSync('setup.msi', path.join(cwd, 'src', 'setup.msi')),
    setup: 'setup.msi',
    says: /setup file setup\.msi is a symbolic link to setup\.msi, which does not exist or loops/,
  },
  {
    name: 'the setup file is a named pipe',
    arrange: (cwd) => fifo(path.join(cwd, 'src', 'setup.msi')),
    setup: 'setup.msi',
    says: /setup file setup\.msi is a named pipe \(FIFO\), not a file/,
  },
  {
    name: 'the setup file is a link to a named pipe',
    arrange: (cwd) => {
      fifo(path.join(cwd, 'src', 'sub', 'pipe.exe'));
      symlinkSync('sub/pipe.exe', path.join(cwd, 'src', 'setup.exe'));
    },
    setup: 'setup.exe',
    says: /setup file setup\.exe is a named pipe \(FIFO\), not a file/,
  },
  {
    name: 'the setup file is a link out of the folder',
    arrange: (cwd) => symlinkSync('../outside/secret.txt', path.join(cwd, 'src', 'setup.exe')),
    setup: 'setup.exe',
    says: /setup file setup\.exe \(it resolves to \S*outside\/secret\.txt\) is outside the source folder/,
  },
  {
    name: 'the setup file is empty (the folder itself)',
    arrange: () => undefined,
    setup: '',
    says: /setup file "" names the source folder itself/,
  },
  {
    name: 'the setup file is a folder',
    arrange: () => undefined,
    setup: 'sub',
    says: /setup file sub is a folder, not a file/,
  },
];

describe.concurrent('intunewin pack refuses a hostile setup folder with exit 2 and writes nothing', () => {
  for (const testCase of folderCases) {
    it(testCase.name, async () => {
      const cwd = workspace();
      testCase.arrange(cwd);
      expectRefused(await pack(cwd, [], testCase.setup), testCase.says);
      expectNothingWritten(cwd);
    });
  }

  it('a socket in the folder', async () => {
    const cwd = workspace();
    const socket = path.join(cwd, 'src', 'sub', 'agent.sock');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expectRefused(await pack(cwd), /src\/sub\/agent\.sock is a socket/);
      expectNothingWritten(cwd);
    } finally {
      server.close();
    }
  });

  it.skipIf(isRoot)('an unreadable file (chmod 000; skipped as root, which reads it anyway)', async () => {
    const cwd = workspace();
    chmodSync(path.join(cwd, 'src', 'sub', 'data.txt'), 0o000);
    expectRefused(await pack(cwd), /src\/sub\/data\.txt cannot be read: permission denied/);
    expectNothingWritten(cwd);
  });

  it.skipIf(isRoot)('an unreadable folder (chmod 000; skipped as root, which reads it anyway)', async () => {
    const cwd = workspace();
    chmodSync(path.join(cwd, 'src', 'sub'), 0o000);
    expectRefused(await pack(cwd), /src\/sub cannot be read: permission denied/);
    expectNothingWritten(cwd);
  });

  it('an output path under a file, or that is a folder', async () => {
    const cwd = workspace();
    expectRefused(
      await pack(cwd, [], 'setup.cmd', 'src/setup.cmd/pkg.intunewin'),
      /src\/setup\.cmd\/pkg\.intunewin/,
    );
    expectRefused(await pack(cwd, [], 'setup.cmd', 'new/'), /output new\/ names a folder/);
    expect(existsSync(path.join(cwd, 'new'))).toBe(false);
    mkdirSync(path.join(cwd, 'out', 'pkg.intunewin'), { recursive: true });
    expectRefused(await pack(cwd, ['--force']), /output out\/pkg\.intunewin names a folder/);
    symlinkSync('pkg.intunewin', path.join(cwd, 'out', 'to-folder'));
    expectRefused(
      await pack(cwd, ['--force'], 'setup.cmd', 'out/to-folder'),
      /output out\/to-folder names a folder/,
    );
    expect(readdirSync(path.join(cwd, 'out')).sort()).toEqual(['pkg.intunewin', 'to-folder']);
  });

  it('an output that is a named pipe, even with --force (as /dev/null would be)', async () => {
    const cwd = workspace();
    mkdirSync(path.join(cwd, 'out'));
    fifo(path.join(cwd, 'out', 'pipe'));
    expectRefused(
      await pack(cwd, ['--force'], 'setup.cmd', 'out/pipe'),
      /output out\/pipe is a named pipe \(FIFO\); only a file/,
    );
    expect(readdirSync(path.join(cwd, 'out'))).toEqual(['pipe']);
  });

  it('the output is the setup file itself, even with --force', async () => {
    const cwd = workspace();
    expectRefused(
      await pack(cwd, ['--force'], 'setup.cmd', 'src/setup.cmd'),
      /output src\/setup\.cmd is the setup file/,
    );
    expect(readFileSync(path.join(cwd, 'src', 'setup.cmd'), 'utf8')).toBe('msiexec /i agent.msi /qn\r\n');
  });
});

describe.concurrent('intunewin pack output', () => {
  it('refuses an existing output without --force, naming file and flag, and leaves it untouched', async () => {
    const cwd = workspace();
    mkdirSync(path.join(cwd, 'out'));
    writeFileSync(path.join(cwd, 'out', 'pkg.intunewin'), 'the earlier package');
    expectRefused(await pack(cwd), /output file out\/pkg\.intunewin already exists; pass --force/);
    expect(readFileSync(path.join(cwd, 'out', 'pkg.intunewin'), 'utf8')).toBe('the earlier package');
    expect(readdirSync(path.join(cwd, 'out'))).toEqual(['pkg.intunewin']);
  });

  it('replaces it with --force, and a failed --force pack leaves the earlier package as it was', async () => {
    const cwd = workspace();
    mkdirSync(path.join(cwd, 'out'));
    writeFileSync(path.join(cwd, 'out', 'pkg.intunewin'), 'the earlier package');
    fifo(path.join(cwd, 'src', 'sub', 'pipe'));
    expectRefused(await pack(cwd, ['--force']), /src\/sub\/pipe is a named pipe/);
    expect(readFileSync(path.join(cwd, 'out', 'pkg.intunewin'), 'utf8')).toBe('the earlier package');
    expect(readdirSync(path.join(cwd, 'out'))).toEqual(['pkg.intunewin']);

    execFileSync('rm', [path.join(cwd, 'src', 'sub', 'pipe')]);
    const replaced = await pack(cwd, ['--force']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(readdirSync(path.join(cwd, 'out'))).toEqual(['pkg.intunewin']);
    expect(await packagedFiles(cwd, 'out/pkg.intunewin')).toEqual(['setup.cmd', 'sub/data.txt']);
  });

  // An earlier package sits in the folder; the --force re-pack must leave it out, whichever way
  // the folder and the output are named (real paths are compared, not spellings).
  const spellings = [
    { folder: 'src', out: 'src/pkg.intunewin', from: '.' },
    { folder: 'src', out: 'alias/pkg.intunewin', from: '.' },
    { folder: 'alias', out: './src/sub/../pkg.intunewin', from: '.' },
    { folder: '.', out: 'pkg.intunewin', from: 'src' },
    { folder: '../../alias', out: '../pkg.intunewin', from: 'src/sub' },
  ];
  for (const { folder, out, from } of spellings) {
    it(`never packages the output into itself: pack ${folder} -o ${out} from ${from}`, async () => {
      const cwd = workspace();
      symlinkSync('src', path.join(cwd, 'alias'));
      writeFileSync(path.join(cwd, 'src', 'pkg.intunewin'), 'the earlier package');
      const result = await runCli(
        ['intunewin', 'pack', folder, '--setup', 'setup.cmd', '-o', out, '--force'],
        { cwd: path.join(cwd, from) },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(await packagedFiles(cwd, 'src/pkg.intunewin')).toEqual(['setup.cmd', 'sub/data.txt']);
    });
  }

  it('follows links that stay inside the folder and packages them as copies', async () => {
    const cwd = workspace();
    symlinkSync('sub', path.join(cwd, 'src', 'current'));
    symlinkSync('setup.cmd', path.join(cwd, 'src', 'install.cmd'));
    const result = await pack(cwd, [], 'install.cmd');
    expect(result.code, result.stderr).toBe(0);
    expect(await packagedFiles(cwd, 'out/pkg.intunewin')).toEqual([
      'current/data.txt',
      'install.cmd',
      'setup.cmd',
      'sub/data.txt',
    ]);
  });
});
