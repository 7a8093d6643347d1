/**
 * `datagen://trades`: trade_id, symbol, price DECIMAL(12,2), volume, side, ts. Prices follow a
 * slow wave per symbol plus noise, computed from the event number alone (no hidden state).
 */
import { Decimal } from '../types/decimal.ts';
import { type EngineRecord, Timestamp } from '../types/value.ts';
import { EventRandom } from './random.ts';

export const SYMBOLS = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'TSLA', 'NVDA', 'META', 'NFLX'];
const BASE_PRICES = [190, 370, 135, 145, 240, 480, 330, 470];

export class TradesGenerator {
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
    const s = r.nextInt(SYMBOLS.length);
    const time = this.timeOf(n);
    const hours = (time - this.baseTime) / 3_600_000;
    const wave = 0.05 * Math.sin(hours * 2 * Math.PI + s) + 0.01 * Math.sin(hours * 37 + 2 * s);
    const noise = (r.nextDouble() - 0.5) * 0.004;
    const cents = Math.max(1, Math.round(BASE_PRICES[s] * (1 + wave + noise) * 100));
    const volume = 1 + Math.floor(10 ** (r.nextDouble() * 3));
    return {
      fields: {
        trade_id: BigInt(n + 1),
        symbol: SYMBOLS[s],
        price: new Decimal(BigInt(cents), 2),
        volume: BigInt(volume),
        side: r.nextInt(2) === 0 ? 'BUY' : 'SELL',
        ts: new Timestamp(time),
      },
      eventTime: time,
    };
  }
}
