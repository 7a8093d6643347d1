/**
 * `datagen://orders`: order_id, customer_id, product, amount DECIMAL(10,2), quantity, ts.
 * Event n: order_id n + 1, event time base + n × 1000 / rate ms.
 */
import { Decimal } from '../types/decimal.ts';
import { type EngineRecord, Timestamp } from '../types/value.ts';
import { EventRandom } from './random.ts';

export const PRODUCTS = [
  'laptop',
  'phone',
  'tablet',
  'monitor',
  'keyboard',
  'mouse',
  'headphones',
  'camera',
  'printer',
  'router',
];
/** Typical unit prices in cents; an order's amount varies ±50% around them. */
const BASE_CENTS = [120000, 80000, 45000, 30000, 8000, 3000, 15000, 60000, 20000, 9000];
const NUM_CUSTOMERS = 1000;

export class OrdersGenerator {
  private readonly r = new EventRandom();
  constructor(
    readonly seed: number,
    readonly rate: number,
    readonly baseTime: number,
  ) {}

  timeOf(n: number): number {
    return this.baseTime + Math.floor((n * 1000) / this.rate);
  }

  event(n: number): EngineRecord {
    const r = this.r.reset(this.seed, n);
    const p = r.nextInt(PRODUCTS.length);
    // a few customers order much more often (skewed like real traffic)
    const customer = r.nextInt(4) === 0 ? 1 + r.nextInt(20) : 1 + r.nextInt(NUM_CUSTOMERS);
    const cents = Math.round(BASE_CENTS[p] * (0.5 + r.nextDouble()));
    const quantity = 1 + (r.nextInt(3) === 0 ? r.nextInt(10) : 0);
    const time = this.timeOf(n);
    return {
      fields: {
        order_id: BigInt(n + 1),
        customer_id: BigInt(customer),
        product: PRODUCTS[p],
        amount: new Decimal(BigInt(cents), 2),
        quantity: BigInt(quantity),
        ts: new Timestamp(time),
      },
      eventTime: time,
    };
  }
}
