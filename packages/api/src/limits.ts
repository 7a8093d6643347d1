/**
 * Request limits, one place for the HTTP layer and the schemas. A browser-safe module (no
 * node: imports), so the console's forms can say the same limits.
 */
import { z } from 'zod';

/** Request bodies above this answer 413 before they are read whole. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** A GET URL (batched queries travel in it) above this answers 414. */
export const MAX_URL_BYTES = 32 * 1024;
/** The most calls one batched request may carry (the console's client batches at most this). */
export const MAX_BATCH_SIZE = 20;
/** The longest SQL text a job or preview accepts. */
export const MAX_SQL_CHARS = 256 * 1024;

/** SQL text with its own limit and message, for job and preview inputs. */
export const ZSqlText = z
  .string({ error: 'SQL is required' })
  .min(1, 'SQL is required')
  .max(MAX_SQL_CHARS, `SQL must be at most ${MAX_SQL_CHARS} characters (256 KB)`);
