// A StepContext over real HTTP against the sandbox, for the Exchange step tests.
import { Redactor } from '../../src/redact.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { FileSecretStore } from '../../src/secrets/file-store.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import { sandboxServices } from '../adapters/support/sandbox-services.ts';

export function exchangeStepContext(sb: Sandbox, stepId: string, log: string[] = []): StepContext {
  const redactor = new Redactor();
  return {
    runId: 'run-exo-7',
    stepId,
    tenantId: sb.tenantId,
    services: sandboxServices(sb, redactor),
    secrets: new FileSecretStore('/nonexistent-exchange-tests'),
    redactor,
    log: {
      info: (m) => log.push(m),
      progress: (m) => log.push(m),
      warn: (m) => log.push(`warn ${m}`),
    },
    signal: new AbortController().signal,
    firstAttemptAt: undefined,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
