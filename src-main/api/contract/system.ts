import { z } from 'zod';
import { defineOperation } from './define-operation';

export const Health = z.object({ status: z.literal('ok'), version: z.string(), uptimeSeconds: z.number() });
export type Health = z.infer<typeof Health>;

export const systemOps = {
  health: defineOperation({
    name: 'system.health',
    http: { method: 'GET', path: '/api/v1/health' },
    input: z.object({}),
    output: Health,
  }),
} as const;
