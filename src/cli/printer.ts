// Every line the CLI prints goes through here, and so through the redactor. On a terminal,
// progress lines are drawn in place (one line that updates) instead of scrolling.
import { globalRedactor, type Redactor } from '../redact.ts';

export interface Printer {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly json: (value: unknown) => void;
  /** A transient status line: redrawn in place on a TTY, a plain line otherwise. */
  readonly progress?: (line: string) => void;
}

export function createPrinter(redactor: Redactor = globalRedactor): Printer {
  const live = process.stdout.isTTY === true;
  let transient = false;
  const clear = (): void => {
    if (transient) process.stdout.write('\r\x1b[2K');
    transient = false;
  };
  return {
    out: (line) => {
      clear();
      process.stdout.write(`${redactor.text(line)}\n`);
    },
    err: (line) => {
      clear();
      process.stderr.write(`${redactor.text(line)}\n`);
    },
    json: (value) => process.stdout.write(`${redactor.text(JSON.stringify(redactor.value(value)))}\n`),
    progress: (line) => {
      if (!live) {
        process.stdout.write(`${redactor.text(line)}\n`);
        return;
      }
      const width = Math.max(20, (process.stdout.columns || 80) - 1);
      process.stdout.write(`\r\x1b[2K${redactor.text(line).slice(0, width)}`);
      transient = true;
    },
  };
}
