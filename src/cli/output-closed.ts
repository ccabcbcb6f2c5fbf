// A closed stdout or stderr (`sop-integrate ... | head -3`, a terminal that went away) ends our
// output quietly. Node reports the closed pipe as an 'error' event (EPIPE) on the stream, and an
// 'error' event nobody listens to kills the process with a stack trace: mid-run, that left the
// lock held and the run journaled as "running". bin/sop-integrate.js installs the listeners
// before anything is written, so every write path (console, process.stdout.write, commander's
// help, prompts) is covered. A run stops at its next safe point through outputClosedSignal
// (the engine's usual stop path, like SIGINT); other commands finish, writing nowhere.

export type OutputStreamName = 'stdout' | 'stderr';

const controller = new AbortController();
const closed = new Set<OutputStreamName>();
let installed = false;

/** Aborts when stdout or stderr closes; its reason (an Error) says which and why. */
export const outputClosedSignal: AbortSignal = controller.signal;

export function isOutputClosed(stream: OutputStreamName): boolean {
  return closed.has(stream);
}

/** Install the listeners once, before the first write. */
export function watchOutputStreams(): void {
  if (installed) return;
  installed = true;
  const streams: [OutputStreamName, NodeJS.WriteStream][] = [
    ['stdout', process.stdout],
    ['stderr', process.stderr],
  ];
  for (const [name, stream] of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (closed.has(name)) return;
      closed.add(name);
      // Nothing more is written to it: later writes are dropped instead of failing again.
      stream.destroy();
      if (!controller.signal.aborted) {
        controller.abort(new Error(`the output pipe closed (${name}: ${error.code ?? error.message})`));
      }
    });
  }
}
