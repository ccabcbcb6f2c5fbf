// Mail at a moment of a run: an external sender (with and without TLS) mails a user and the user
// mails out, through the DNS answers resolvers may still cache. A run stopped at any point must
// leave all three delivered.
import { expect } from 'vitest';
import { withSandboxState } from './sandbox-state.ts';

const MESSAGES = [
  { from: 'pat.sender@external.example', to: 'adele.vance@contoso.example' },
  { from: 'pat.sender@external.example', to: 'adele.vance@contoso.example', tls: false },
  { from: 'adele.vance@contoso.example', to: 'pat.sender@external.example' },
];

export async function expectMailFlows(stateDir: string, moment: string): Promise<void> {
  const lost = await withSandboxState(stateDir, (sb) =>
    MESSAGES.map((message) => ({ message, delivery: sb.sendMail({ ...message, subject: moment }) }))
      .filter(({ delivery }) => delivery.status !== 'Delivered')
      .map(
        ({ message, delivery }) =>
          `${moment}: ${message.from} -> ${message.to}${message.tls === false ? ' (no TLS)' : ''}: ${delivery.rejectedReason ?? ''}`,
      ),
  );
  expect(lost).toEqual([]);
}
