/**
 * Nexmark event generator, re-implemented after the reference generator (Apache Beam / Flink
 * nexmark): events are Person, Auction and Bid in proportions 1:3:46 by event id; ids start at
 * 1000; bids go to hot auctions/bidders with probability 1 − 1/ratio; prices are
 * round(10^(6·u) × 100) cents; event time = base time + event number × inter-event delay
 * (1e6 / rate µs). Randomness comes from (seed, event id) alone, not Java's Random, so the
 * values differ from the reference while the distributions match.
 */
import { type EngineRecord, Timestamp } from '../types/value.ts';
import { EventRandom, nextExtra, nextString } from './random.ts';

export const PERSON_PROPORTION = 1;
export const AUCTION_PROPORTION = 3;
export const BID_PROPORTION = 46;
export const PROPORTION_DENOMINATOR = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;
export const FIRST_PERSON_ID = 1000;
export const FIRST_AUCTION_ID = 1000;
export const FIRST_CATEGORY_ID = 10;

const PERSON_ID_LEAD = 10;
const AUCTION_ID_LEAD = 10;
const HOT_AUCTION_BATCH = 100;
const HOT_BIDDER_BATCH = 100;
const HOT_SELLER_BATCH = 100;
const NUM_CATEGORIES = 5;
const HOT_CHANNEL_RATIO = 100;
const CHANNELS_NUMBER = 10_000;
const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'];

const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'];
const US_CITIES = [
  'Phoenix',
  'Los Angeles',
  'San Francisco',
  'Boise',
  'Portland',
  'Bend',
  'Redmond',
  'Seattle',
  'Kent',
  'Cheyenne',
];
const FIRST_NAMES = [
  'Peter',
  'Paul',
  'Luke',
  'John',
  'Saul',
  'Vicky',
  'Kate',
  'Julie',
  'Sarah',
  'Deiter',
  'Walter',
];
const LAST_NAMES = [
  'Shultz',
  'Abrams',
  'Spencer',
  'White',
  'Bartels',
  'Walton',
  'Smith',
  'Jones',
  'Noris',
];

export type NexmarkKind = 'person' | 'auction' | 'bid';

export interface NexmarkConfig {
  seed: number;
  /** Events per second of event time (all kinds together). */
  rate: number;
  /** Event time of event 0 (epoch ms). */
  baseTime: number;
  numActivePeople: number;
  numInFlightAuctions: number;
  /** A bid is for a hot auction with probability 1 − 1/hotAuctionRatio. */
  hotAuctionRatio: number;
  hotSellersRatio: number;
  hotBiddersRatio: number;
  avgPersonByteSize: number;
  avgAuctionByteSize: number;
  avgBidByteSize: number;
}

/** Defaults of the reference NexmarkConfiguration. */
export const DEFAULT_NEXMARK_CONFIG: NexmarkConfig = {
  seed: 0,
  rate: 10_000,
  baseTime: 1_700_000_000_000,
  numActivePeople: 1000,
  numInFlightAuctions: 100,
  hotAuctionRatio: 2,
  hotSellersRatio: 4,
  hotBiddersRatio: 4,
  avgPersonByteSize: 200,
  avgAuctionByteSize: 500,
  avgBidByteSize: 100,
};

export function kindOfEvent(eventId: number): NexmarkKind {
  const rem = eventId % PROPORTION_DENOMINATOR;
  if (rem < PERSON_PROPORTION) return 'person';
  if (rem < PERSON_PROPORTION + AUCTION_PROPORTION) return 'auction';
  return 'bid';
}

/** Id (base 0) of the latest person at this event; the new one when the event is a person. */
export function lastBase0PersonId(eventId: number): number {
  const epoch = Math.floor(eventId / PROPORTION_DENOMINATOR);
  let offset = eventId % PROPORTION_DENOMINATOR;
  if (offset >= PERSON_PROPORTION) offset = PERSON_PROPORTION - 1;
  return epoch * PERSON_PROPORTION + offset;
}

/** Id (base 0) of the latest auction at this event; the new one when the event is an auction. */
export function lastBase0AuctionId(eventId: number): number {
  let epoch = Math.floor(eventId / PROPORTION_DENOMINATOR);
  let offset = eventId % PROPORTION_DENOMINATOR;
  if (offset < PERSON_PROPORTION) {
    epoch--; // a person event: the last auction was in the previous epoch
    offset = AUCTION_PROPORTION - 1;
  } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
    offset = AUCTION_PROPORTION - 1; // a bid: the last auction of this epoch
  } else {
    offset -= PERSON_PROPORTION;
  }
  return epoch * AUCTION_PROPORTION + offset;
}

export class NexmarkGenerator {
  readonly config: NexmarkConfig;
  /** Microseconds of event time between consecutive events. */
  readonly interEventDelayUs: number;
  private readonly r = new EventRandom();
  private readonly hotUrls: string[];

  constructor(config: Partial<NexmarkConfig> = {}) {
    this.config = { ...DEFAULT_NEXMARK_CONFIG, ...config };
    this.interEventDelayUs = Math.max(1, Math.floor(1_000_000 / this.config.rate));
    const r = new EventRandom().reset(this.config.seed ^ 0x0c4a, 0);
    this.hotUrls = HOT_CHANNELS.map(() => this.baseUrl(r));
  }

  /** Event time (epoch ms) of event number n. */
  timeOf(n: number): number {
    return this.config.baseTime + Math.floor((n * this.interEventDelayUs) / 1000);
  }

  private baseUrl(r: EventRandom): string {
    return `https://www.nexmark.com/${nextString(r, 5)}/${nextString(r, 5)}/${nextString(r, 5)}/item.htm?query=1`;
  }

  private nextPersonId(eventId: number): number {
    const numPeople = lastBase0PersonId(eventId) + 1;
    const active = Math.min(numPeople, this.config.numActivePeople);
    return numPeople - active + this.r.nextLong(active + PERSON_ID_LEAD);
  }

  private nextAuctionId(eventId: number): number {
    const max = lastBase0AuctionId(eventId);
    const min = Math.max(max - this.config.numInFlightAuctions, 0);
    return min + this.r.nextLong(max - min + 1 + AUCTION_ID_LEAD);
  }

  private nextPrice(): number {
    return Math.round(10 ** (this.r.nextDouble() * 6) * 100);
  }

  /** The record of event number n. */
  event(n: number): EngineRecord {
    const eventId = n;
    this.r.reset(this.config.seed, eventId);
    const time = this.timeOf(n);
    const rem = eventId % PROPORTION_DENOMINATOR;
    if (rem >= PERSON_PROPORTION + AUCTION_PROPORTION) return this.bid(eventId, time);
    if (rem < PERSON_PROPORTION) return this.person(eventId, time);
    return this.auction(eventId, n, time);
  }

  private bid(eventId: number, time: number): EngineRecord {
    const r = this.r;
    const c = this.config;
    let auction: number;
    if (r.nextInt(c.hotAuctionRatio) > 0) {
      auction = Math.floor(lastBase0AuctionId(eventId) / HOT_AUCTION_BATCH) * HOT_AUCTION_BATCH;
    } else {
      auction = this.nextAuctionId(eventId);
    }
    let bidder: number;
    if (r.nextInt(c.hotBiddersRatio) > 0) {
      // the second person of the batch, so hot bidders and hot sellers differ
      bidder = Math.floor(lastBase0PersonId(eventId) / HOT_BIDDER_BATCH) * HOT_BIDDER_BATCH + 1;
    } else {
      bidder = this.nextPersonId(eventId);
    }
    const price = this.nextPrice();
    let channel: string;
    let url: string;
    if (r.nextInt(HOT_CHANNEL_RATIO) > 0) {
      const i = r.nextInt(HOT_CHANNELS.length);
      channel = HOT_CHANNELS[i];
      url = this.hotUrls[i];
    } else {
      const id = r.nextInt(CHANNELS_NUMBER);
      channel = `channel-${id}`;
      url = `${this.baseUrl(r)}&channel_id=${id}`;
    }
    const extra = nextExtra(r, 32, c.avgBidByteSize);
    return {
      fields: {
        kind: 'bid',
        auction: BigInt(auction + FIRST_AUCTION_ID),
        bidder: BigInt(bidder + FIRST_PERSON_ID),
        price: BigInt(price),
        channel,
        url,
        date_time: new Timestamp(time),
        extra,
      },
      eventTime: time,
    };
  }

  private auction(eventId: number, n: number, time: number): EngineRecord {
    const r = this.r;
    const c = this.config;
    const id = lastBase0AuctionId(eventId) + FIRST_AUCTION_ID;
    let seller: number;
    if (r.nextInt(c.hotSellersRatio) > 0) {
      seller = Math.floor(lastBase0PersonId(eventId) / HOT_SELLER_BATCH) * HOT_SELLER_BATCH;
    } else {
      seller = this.nextPersonId(eventId);
    }
    const category = FIRST_CATEGORY_ID + r.nextInt(NUM_CATEGORIES);
    const initialBid = this.nextPrice();
    // auctions last on average as long as it takes to create numInFlightAuctions more
    const eventsForAuctions = Math.floor(
      (c.numInFlightAuctions * PROPORTION_DENOMINATOR) / AUCTION_PROPORTION,
    );
    const horizon = this.timeOf(n + eventsForAuctions) - time;
    const expires = time + 1 + r.nextLong(Math.max(horizon * 2, 1));
    const itemName = nextString(r, 20);
    const description = nextString(r, 100);
    const reserve = initialBid + this.nextPrice();
    const extra = nextExtra(r, 8 + itemName.length + description.length + 40, c.avgAuctionByteSize);
    return {
      fields: {
        kind: 'auction',
        id: BigInt(id),
        item_name: itemName,
        description,
        initial_bid: BigInt(initialBid),
        reserve: BigInt(reserve),
        date_time: new Timestamp(time),
        expires: new Timestamp(expires),
        seller: BigInt(seller + FIRST_PERSON_ID),
        category: BigInt(category),
        extra,
      },
      eventTime: time,
    };
  }

  private person(eventId: number, time: number): EngineRecord {
    const r = this.r;
    const id = lastBase0PersonId(eventId) + FIRST_PERSON_ID;
    const name = `${FIRST_NAMES[r.nextInt(FIRST_NAMES.length)]} ${LAST_NAMES[r.nextInt(LAST_NAMES.length)]}`;
    const email = `${nextString(r, 7)}@${nextString(r, 5)}.com`;
    const groups: string[] = [];
    for (let i = 0; i < 4; i++) groups.push(String(r.nextInt(10_000)).padStart(4, '0'));
    const creditCard = groups.join(' ');
    const city = US_CITIES[r.nextInt(US_CITIES.length)];
    const state = US_STATES[r.nextInt(US_STATES.length)];
    const size = 8 + name.length + email.length + creditCard.length + city.length + state.length;
    const extra = nextExtra(r, size, this.config.avgPersonByteSize);
    return {
      fields: {
        kind: 'person',
        id: BigInt(id),
        name,
        email_address: email,
        credit_card: creditCard,
        city,
        state,
        date_time: new Timestamp(time),
        extra,
      },
      eventTime: time,
    };
  }
}
