// Every line the CLI prints goes through here, and so through the redactor. On a terminal,
// progress lines are drawn in place (one line that updates) instead of scrolling.
import { globalRedactor, type Redactor } from '../redact.ts';
import { isOutputClosed, type OutputStreamName } from './output-closed.ts';

export interface Printer {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly json: (value: unknown) => void;
  /** A transient status line: redrawn in place on a TTY, a plain line otherwise. */
  readonly progress?: (line: string) => void;
}

/** Once a stream has closed (`| head`), nothing more is written to it (src/cli/output-closed.ts). */
function write(name: OutputStreamName, text: string): void {
  if (!isOutputClosed(name)) process[name].write(text);
}

export function createPrinter(redactor: Redactor = globalRedactor): Printer {
  const live = process.stdout.isTTY === true;
  let transient = false;
  const clear = (): void => {
    if (transient) write('stdout', '\r\x1b[2K');
    transient = false;
  };
  return {
    out: (line) => {
      clear();
      write('stdout', `${redactor.text(line)}\n`);
    },
    err: (line) => {
      clear();
      write('stderr', `${redactor.text(line)}\n`);
    },
    json: (value) => write('stdout', `${redactor.text(JSON.stringify(redactor.value(value)))}\n`),
    progress: (line) => {
      if (!live) {
        write('stdout', `${redactor.text(line)}\n`);
        return;
      }
      const width = Math.max(20, (process.stdout.columns || 80) - 1);
      write('stdout', `\r\x1b[2K${redactor.text(line).slice(0, width)}`);
      transient = true;
    },
  };
}
