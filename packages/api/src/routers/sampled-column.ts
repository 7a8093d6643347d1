import { z } from 'zod';

/**
 * A column of a sampled source as the engine infers it (catalog.columns, preview.sample):
 * precision and scale of DECIMAL columns included — zod would strip an undeclared key.
 */
export const ZSampledColumn = z.object({
  name: z.string(),
  type: z.string(),
  scale: z.number().optional(),
  precision: z.number().optional(),
});
