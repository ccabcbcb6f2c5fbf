// POST /_sandbox/mail/send: the mail simulation over HTTP, for `sop-integrate sandbox send`, for a
// sandbox running in another process, and for the phase-3 test-message step in --sandbox mode.
import type { SandboxContext } from '../context.ts';
import type { SandboxReply, SandboxRequest } from '../http/types.ts';
import { sendMail } from './send-mail.ts';

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function mailSendRoute(ctx: SandboxContext) {
  return (request: SandboxRequest): SandboxReply => {
    const body = (request.rawBody.trim() === '' ? {} : JSON.parse(request.rawBody)) as Record<
      string,
      unknown
    >;
    const from = text(body.from);
    const to = text(body.to);
    if (!from || !to) return { status: 400, body: { error: 'from and to are required' } };
    const resolver = body.resolver ?? 'cached';
    if (resolver !== 'cached' && resolver !== 'fresh')
      return { status: 400, body: { error: 'resolver must be "cached" or "fresh"' } };
    if (body.tls !== undefined && typeof body.tls !== 'boolean')
      return { status: 400, body: { error: 'tls must be true or false' } };
    const subject = text(body.subject);
    const mailBody = text(body.body);
    const delivery = sendMail(
      ctx.store.state,
      {
        from,
        to,
        ...(subject ? { subject } : {}),
        ...(mailBody ? { body: mailBody } : {}),
        threat: body.threat === true,
        resolver,
        tls: body.tls !== false,
      },
      new Date(ctx.now()),
    );
    return { status: 201, body: delivery, mutated: true };
  };
}
