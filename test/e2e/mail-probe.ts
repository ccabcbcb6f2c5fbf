// Mail at a moment of a run: an external sender mails a user (through a resolver's cached answer
// and the authoritative one, with and without TLS), and users of a Proofpoint domain and of the
// tenant's onmicrosoft.com domain mail out. A run stopped at any point must leave all delivered.
import { expect } from 'vitest';
import { withSandboxState } from './sandbox-state.ts';

const MESSAGES = [
  { from: 'pat.sender@external.example', to: 'adele.vance@contoso.example' },
  { from: 'pat.sender@external.example', to: 'adele.vance@contoso.example', resolver: 'fresh' as const },
  { from: 'pat.sender@external.example', to: 'adele.vance@contoso.example', tls: false },
  { from: 'adele.vance@contoso.example', to: 'pat.sender@external.example' },
  // An accepted domain Proofpoint does not host: its mail must keep leaving directly.
  { from: 'scanner@contosoexample.onmicrosoft.com', to: 'pat.sender@external.example' },
];

export async function expectMailFlows(stateDir: string, moment: string): Promise<void> {
  const lost = await withSandboxState(stateDir, (sb) =>
    MESSAGES.map((message) => ({ message, delivery: sb.sendMail({ ...message, subject: moment }) }))
      .filter(({ delivery }) => delivery.status !== 'Delivered')
      .map(
        ({ message, delivery }) =>
          `${moment}: ${message.from} -> ${message.to}${message.tls === false ? ' (no TLS)' : ''}${'resolver' in message ? ' (fresh resolver)' : ''}: ${delivery.rejectedReason ?? ''}`,
      ),
  );
  expect(lost).toEqual([]);
}
