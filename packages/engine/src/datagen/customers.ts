/**
 * `datagen://customers`: the customer table behind `datagen://orders` (customer_id 1..1000 by
 * default), for stream–table join examples: customer_id, name, email, country, tier, signup_ts.
 */
import { type EngineRecord, Timestamp } from '../types/value.ts';
import { EventRandom } from './random.ts';

export const CUSTOMER_COUNT = 1000;
const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Frances',
  'Ken',
  'Margaret',
  'Niklaus',
  'Radia',
  'Tim',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Hamilton',
  'Wirth',
  'Perlman',
  'Berners-Lee',
];
const COUNTRIES = ['DE', 'FR', 'GB', 'US', 'JP', 'BR', 'IN', 'NG', 'AU', 'CA'];
const TIERS = ['bronze', 'silver', 'gold'];

export class CustomersGenerator {
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
    const r = this.r.reset(this.seed ^ 0x3c0ffee, n);
    const first = FIRST[r.nextInt(FIRST.length)];
    const last = LAST[r.nextInt(LAST.length)];
    const tierRoll = r.nextInt(10);
    const time = this.timeOf(n);
    return {
      fields: {
        customer_id: BigInt(n + 1),
        name: `${first} ${last}`,
        email: `${first.toLowerCase()}.${last.toLowerCase()}${n + 1}@example.com`,
        country: COUNTRIES[r.nextInt(COUNTRIES.length)],
        tier: TIERS[tierRoll < 6 ? 0 : tierRoll < 9 ? 1 : 2],
        signup_ts: new Timestamp(time - 86_400_000 * (1 + r.nextInt(1000))),
      },
      eventTime: time,
    };
  }
}
