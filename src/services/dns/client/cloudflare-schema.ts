// Cloudflare API v4 shapes we read (vendor-api-notes §5.1): the envelope, zones, DNS records.
import { z } from 'zod';

export const CloudflareMessage = z.object({ code: z.number().catch(0), message: z.string().catch('') });

export const Envelope = <Result extends z.ZodType>(result: Result) =>
  z.object({
    success: z.boolean(),
    errors: z.array(CloudflareMessage).catch([]),
    messages: z.array(CloudflareMessage).catch([]),
    result,
    result_info: z
      .object({ page: z.number(), per_page: z.number(), total_pages: z.number(), count: z.number() })
      .partial()
      .optional(),
  });

export const CloudflareZone = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  name_servers: z.array(z.string()).catch([]),
});
export type CloudflareZone = z.infer<typeof CloudflareZone>;

export const CloudflareRecord = z.object({
  id: z.string().min(1),
  type: z.string(),
  name: z.string(),
  content: z.string(),
  ttl: z.number().int(),
  priority: z.number().int().optional(),
});
export type CloudflareRecord = z.infer<typeof CloudflareRecord>;
