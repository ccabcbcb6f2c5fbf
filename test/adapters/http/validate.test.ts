import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VendorResponseError } from '../../../src/errors.ts';
import { parseVendorResponse } from '../../../src/core/http/index.ts';

const Thing = z.object({ id: z.string(), items: z.array(z.object({ keyId: z.string() })) });

describe('parseVendorResponse', () => {
  it('returns the parsed value and tolerates extra vendor fields', () => {
    expect(
      parseVendorResponse(
        Thing,
        { id: 'a1', items: [], extra: true },
        { service: 'graph', operation: 'things.get' },
      ),
    ).toEqual({ id: 'a1', items: [] });
  });
  it('names the operation and the bad field', () => {
    let caught: unknown;
    try {
      parseVendorResponse(
        Thing,
        { id: 'a1', items: [{ keyId: 42 }] },
        { service: 'graph', operation: 'things.get' },
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VendorResponseError);
    expect((caught as Error).message).toContain('things.get');
    expect((caught as Error).message).toContain('items.0.keyId');
  });
});
