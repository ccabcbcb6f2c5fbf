// What every emulated service shares within one sandbox instance (never across instances).
import { Redactor } from '../redact.ts';
import type { Faults } from './http/faults.ts';
import type { StateStore } from './state/store.ts';
import type { RequestLogEntry } from './types.ts';

/** Every secret the sandbox hands out, so tests can scan outputs for them and logs can redact them. */
export class IssuedSecrets {
  private readonly values: string[] = [];
  readonly redactor = new Redactor();

  register(secret: string): void {
    this.values.push(secret);
    this.redactor.register(secret);
  }

  list(): string[] {
    return [...this.values];
  }
}

export interface SandboxContext {
  store: StateStore;
  faults: Faults;
  secrets: IssuedSecrets;
  requests: RequestLogEntry[];
  /** https://127.0.0.1:PORT, known once the server listens. */
  baseUrl(): string;
  now(): number;
}
