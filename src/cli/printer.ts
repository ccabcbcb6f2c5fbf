// Every line the CLI prints goes through here, and so through the redactor.
import { globalRedactor, type Redactor } from '../redact.ts';

export interface Printer {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly json: (value: unknown) => void;
}

export function createPrinter(redactor: Redactor = globalRedactor): Printer {
  return {
    out: (line) => process.stdout.write(`${redactor.text(line)}\n`),
    err: (line) => process.stderr.write(`${redactor.text(line)}\n`),
    json: (value) => process.stdout.write(`${redactor.text(JSON.stringify(redactor.value(value)))}\n`),
  };
}
