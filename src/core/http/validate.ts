// Vendor responses are checked against a zod schema (in the adapter's schema.ts) before any
// code trusts them. Schemas are lenient with what vendors add; this names what was wrong.
import type { z } from 'zod';
import { VendorResponseError } from '../../errors.ts';

export function parseVendorResponse<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
  where: { service: string; operation: string },
): z.output<Schema> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(body)';
    return `${field}: ${issue.message}`;
  });
  return throwInvalid(where, issues.join('; '), result.error);
}

export function throwInvalid(
  where: { service: string; operation: string },
  problem: string,
  cause?: unknown,
): never {
  throw new VendorResponseError(
    where.service,
    `${where.service} ${where.operation} answered with an unexpected body: ${problem}`,
    {
      hint: `The service's answer did not match what ${where.operation} expects; retry, and report it with this message if it persists.`,
      cause,
    },
  );
}
