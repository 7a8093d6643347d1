/** BOOL_AND (EVERY) and BOOL_OR. */
import type { Value } from '../types/value.ts';
import type { Accumulator } from './accumulator.ts';

// ------------------------------------------------------------------ BOOL_AND / BOOL_OR

export class BoolAcc implements Accumulator {
  trues = 0;
  falses = 0;
  constructor(private readonly all: boolean) {}
  add(v: Value): void {
    if (v === null) return;
    if (v) this.trues++;
    else this.falses++;
  }
  retract(v: Value): void {
    if (v === null) return;
    if (v) this.trues--;
    else this.falses--;
  }
  merge(other: Accumulator): void {
    const o = other as BoolAcc;
    this.trues += o.trues;
    this.falses += o.falses;
  }
  result(): Value {
    if (this.trues + this.falses === 0) return null;
    return this.all ? this.falses === 0 : this.trues > 0;
  }
  snapshot(): unknown {
    return [this.trues, this.falses];
  }
  restore(s: unknown): void {
    [this.trues, this.falses] = s as [number, number];
  }
}
