export { CUSTOMER_COUNT, CustomersGenerator } from './customers.ts';
export {
  DEFAULT_NEXMARK_CONFIG,
  kindOfEvent,
  lastBase0AuctionId,
  lastBase0PersonId,
  type NexmarkConfig,
  NexmarkGenerator,
  type NexmarkKind,
} from './nexmark.ts';
export { OrdersGenerator, PRODUCTS } from './orders.ts';
export { datagenSchema } from './schema.ts';
export {
  createDatagen,
  type DatagenGenerator,
  DatagenSource,
  type DatagenSpec,
  DEFAULT_DATAGEN_START,
  generateDatagenBatch,
  parseDatagenUri,
} from './source.ts';
export { SYMBOLS, TradesGenerator } from './trades.ts';
