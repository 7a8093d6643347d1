/**
 * Request limits of the HTTP layer. A browser-safe module (no node: imports), so the console's
 * client can use the same numbers. (SQL text has its own limit in the job schemas: ZJobSql.)
 */

/** Request bodies above this answer 413 before they are read whole. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** A GET URL (batched queries travel in it) above this answers 414. */
export const MAX_URL_BYTES = 32 * 1024;
/** The most calls one batched request may carry (the console's client batches at most this). */
export const MAX_BATCH_SIZE = 20;
