// Turns what the file system says about a path in the setup folder (or the output's place) into
// an InputError naming that path and the fix, so a hostile or damaged folder exits 2 with words
// instead of 70 with a stack. Only errno codes that describe the input are mapped; anything else
// is rethrown as it is, because it is not the user's to fix.
import type { Stats } from 'node:fs';
import { InputError } from '../errors.ts';

const reasons: Record<string, string> = {
  EACCES: 'cannot be read: permission denied; fix its permissions or remove it',
  EPERM: 'cannot be read: operation not permitted; fix its permissions or remove it',
  ENOENT: 'disappeared while the folder was being read; package a folder nothing else is changing',
  ELOOP: 'is a symbolic link loop; remove the link',
  ENOTDIR: 'has a file where a folder was expected',
  EIO: 'could not be read (input/output error); check the disk or copy the folder elsewhere',
  ENAMETOOLONG: 'has a path too long for this system',
};

export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The InputError for `error` at `path`, or the error itself when it says nothing about input. */
export function sourceProblem(error: unknown, path: string): unknown {
  if (error instanceof InputError) return error;
  const reason = reasons[errnoCode(error) ?? ''];
  return reason ? new InputError(`${path} ${reason}`, [], { cause: error }) : error;
}

/** Runs `work` on `path`, rethrowing file-system errors about the input as InputErrors. */
export async function atPath<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw sourceProblem(error, path);
  }
}

export function isMissing(error: unknown): boolean {
  return errnoCode(error) === 'ENOENT';
}

export function isLinkLoop(error: unknown): boolean {
  return errnoCode(error) === 'ELOOP';
}

/**
 * A name or link target as it may be shown in a message: control characters (a hostile name can
 * carry terminal escape sequences) and U+FFFD from undecodable bytes written as \xNN.
 */
export function printable(text: string): string {
  let shown = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    shown += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : character;
  }
  return shown;
}

/** What a path that is neither a file nor a folder is, in words an admin recognises. */
export function specialKind(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'neither a file nor a folder';
}
