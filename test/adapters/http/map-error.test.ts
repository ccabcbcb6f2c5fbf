import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/errors.ts';
import { Redactor } from '../../../src/redact.ts';
import {
  sanitizeText,
  serviceErrorFromResponse,
  serviceErrorFromTransport,
  type FailureContext,
} from '../../../src/core/http/index.ts';

function context(redactor = new Redactor()): FailureContext {
  return {
    service: 'graph',
    operation: 'appRoleAssignments.grant',
    method: 'POST',
    path: '/v1.0/servicePrincipals/x/appRoleAssignedTo',
    attempts: 3,
    redactor,
    permissionHint: (op) =>
      op.startsWith('appRoleAssignments.') ? 'AppRoleAssignment.ReadWrite.All' : undefined,
  };
}

describe('serviceErrorFromResponse', () => {
  it('maps statuses to kinds and keeps vendor code, request id and operation', () => {
    const error = serviceErrorFromResponse(context(), 403, {
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges',
      requestId: 'req-77',
    });
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.kind).toBe('forbidden');
    expect(error.details).toEqual({
      status: 403,
      vendorCode: 'Authorization_RequestDenied',
      requestId: 'req-77',
      operation: 'appRoleAssignments.grant',
    });
    expect(error.message).toContain('Insufficient privileges');
    expect(error.hint).toContain('AppRoleAssignment.ReadWrite.All');
  });
  it.each([
    [401, 'auth', 'credential'],
    [404, 'not-found', 'does not exist'],
    [409, 'conflict', 'conflicts'],
    [429, 'throttled', 'lower concurrency'],
    [500, 'unavailable', 'after 3 attempt'],
    [400, 'bad-request', 'rejected'],
  ] as const)('%i -> %s with a hint that says what to fix', (status, kind, hint) => {
    const error = serviceErrorFromResponse(context(), status, {});
    expect(error.kind).toBe(kind);
    expect(error.hint).toContain(hint);
  });
  it('redacts registered secrets and bearer tokens from vendor messages', () => {
    const redactor = new Redactor();
    redactor.register('s3cr3t-value-xyz');
    const error = serviceErrorFromResponse(context(redactor), 400, {
      message: 'bad value s3cr3t-value-xyz with header Bearer eyJhbGciOi.abc.def and "secretText":"plain"',
    });
    expect(error.message).not.toContain('s3cr3t-value-xyz');
    expect(error.message).not.toContain('eyJhbGciOi');
    expect(error.message).not.toContain('plain');
    expect(error.message).toContain('[REDACTED]');
  });
});

describe('serviceErrorFromTransport', () => {
  it('maps timeouts and network failures with hints', () => {
    expect(serviceErrorFromTransport(context(), 'timeout', 'no answer', undefined).kind).toBe('timeout');
    const network = serviceErrorFromTransport(
      context(),
      'network',
      'ECONNRESET socket hang up',
      new Error('x'),
    );
    expect(network.kind).toBe('network');
    expect(network.hint).toContain('network');
  });
});

describe('sanitizeText', () => {
  it('blanks client_secret form fields and truncates long text', () => {
    const text = sanitizeText(
      `client_id=a&client_secret=very-secret&scope=x ${'y'.repeat(900)}`,
      new Redactor(),
    );
    expect(text).not.toContain('very-secret');
    expect(text.length).toBeLessThanOrEqual(501);
  });
});
