/**
 * The full-sort bench row in one process, for `node --cpu-prof` (the bench spawns children):
 *   node --cpu-prof --import tsx packages/engine/bench/sort-profile.ts [events]
 */
import { measure } from './measure.ts';
import { generateNexmark } from './nexmark.ts';
import { QUERIES } from './queries.ts';

const events = Number(process.argv[2] ?? 1_000_000);
const query = QUERIES.find((q) => q.id === 'sort')!;
const data = generateNexmark(events, 42, query.sources);
const m = measure(query, 'A', data);
console.log(`${Math.round(m.events / m.cpuSeconds)} ev/cpu-s over ${m.events} bids`);
