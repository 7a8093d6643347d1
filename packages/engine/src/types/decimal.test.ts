import DecimalJs from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.ts';
import { EvaluationError } from './errors.ts';

const D = (s: string) => Decimal.parse(s);
const RefDec = DecimalJs.clone({ precision: 1000, rounding: DecimalJs.ROUND_HALF_EVEN });

/** Seeded PRNG so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomDecimalText(r: () => number): string {
  const intDigits = Math.floor(r() * 25);
  const scale = Math.floor(r() * 12);
  let text = r() < 0.4 ? '-' : '';
  let int = '';
  for (let i = 0; i < intDigits; i++) int += Math.floor(r() * 10);
  text += int.replace(/^0+/, '') || '0';
  if (scale > 0) {
    let frac = '';
    for (let i = 0; i < scale; i++) frac += Math.floor(r() * 10);
    text += `.${frac}`;
  }
  return text;
}

/** decimal.js text at a fixed scale. */
function ref(d: DecimalJs, scale: number): string {
  const t = d.toFixed(scale);
  return t.startsWith('-') && /^-0\.?0*$/.test(t) ? t.slice(1) : t;
}

describe('Decimal', () => {
  it('parses and prints keeping the scale', () => {
    expect(D('120.50').scale).toBe(2);
    expect(D('120.50').toString()).toBe('120.50');
    expect(D('123450.00').toString()).toBe('123450.00');
    expect(D('-0.05').toString()).toBe('-0.05');
    expect(D('0.000000').toString()).toBe('0.000000');
    expect(D('-0.00').toString()).toBe('0.00');
    expect(D('.5').toString()).toBe('0.5');
    expect(D('5.').toString()).toBe('5');
    expect(D('+7').toString()).toBe('7');
    expect(D('1.5e3').toString()).toBe('1500');
    expect(D('1.5e-3').toString()).toBe('0.0015');
    expect(D('123456789012345.67').toString()).toBe('123456789012345.67');
    expect(D('  42.1 ').toString()).toBe('42.1');
  });

  it('rejects malformed text with a clear message', () => {
    expect(() => D('abc')).toThrow(new EvaluationError("cannot parse 'abc' as DECIMAL"));
    expect(() => D('')).toThrow(EvaluationError);
    expect(() => D('.')).toThrow(EvaluationError);
    expect(() => D('1.2.3')).toThrow(EvaluationError);
  });

  it('follows the scale rules of DESIGN §3', () => {
    expect(D('1.5').add(D('2.25')).toString()).toBe('3.75');
    expect(D('1.50').add(D('2')).toString()).toBe('3.50');
    expect(D('1.5').sub(D('2.25')).toString()).toBe('-0.75');
    expect(D('1.5').mul(D('2.25')).toString()).toBe('3.375');
    expect(D('100.00').mul(D('1234.5')).toString()).toBe('123450.000');
    expect(D('1').div(D('3')).toString()).toBe('0.333333');
    expect(D('2').div(D('3')).toString()).toBe('0.666667');
    expect(D('10.0000000').div(D('4')).toString()).toBe('2.5000000');
    expect(D('-1').div(D('8')).toString()).toBe('-0.125000');
    // half-even at the 6th digit
    expect(D('0.0000005').div(D('1')).toString()).toBe('0.0000005');
    expect(D('1').div(D('2000000')).toString()).toBe('0.000000');
    expect(D('3').div(D('2000000')).toString()).toBe('0.000002');
    expect(D('5').div(D('2000000')).toString()).toBe('0.000002');
    expect(D('-5').div(D('2000000')).toString()).toBe('-0.000002');
    expect(D('7').div(D('-2000000')).toString()).toBe('-0.000004');
  });

  it('throws on division by zero', () => {
    expect(() => D('1').div(D('0.00'))).toThrow(EvaluationError);
    expect(() => D('1').div(D('0.00'))).toThrow(/^division by zero$/);
    expect(() => D('1').mod(D('0'))).toThrow('division by zero');
  });

  it('rounds half away from zero with ROUND', () => {
    expect(D('2.5').round(0).toString()).toBe('3');
    expect(D('-2.5').round(0).toString()).toBe('-3');
    expect(D('1.005').round(2).toString()).toBe('1.01');
    expect(D('1.2345').round(3).toString()).toBe('1.235');
    expect(D('-1.2345').round(3).toString()).toBe('-1.235');
    expect(D('1.2').round(3).toString()).toBe('1.200');
    expect(D('1250').round(-2).toString()).toBe('1300');
    expect(D('-1249.99').round(-2).toString()).toBe('-1200');
    expect(D('0.49').round(0).toString()).toBe('0');
  });

  it('floors, ceils, truncates, compares', () => {
    expect(D('-1.5').floor().toString()).toBe('-2');
    expect(D('-1.5').ceil().toString()).toBe('-1');
    expect(D('1.5').floor().toString()).toBe('1');
    expect(D('1.1').ceil().toString()).toBe('2');
    expect(D('-1.99').trunc(1).toString()).toBe('-1.9');
    expect(D('1.0').compare(D('1.00'))).toBe(0);
    expect(D('1.0').equals(D('1'))).toBe(true);
    expect(D('-0.01').compare(D('0'))).toBe(-1);
    expect(D('12345678901234567890.1').compare(D('12345678901234567890.09'))).toBe(1);
    expect(D('1.2300').normalize().toString()).toBe('1.23');
    expect(D('-5.00').abs().toString()).toBe('5.00');
    expect(D('5.00').neg().toString()).toBe('-5.00');
    expect(D('10.00').mod(D('3')).toString()).toBe('1.00');
    expect(D('-10.5').mod(D('3')).toString()).toBe('-1.5');
  });

  it('converts to and from doubles', () => {
    expect(D('0.1').toNumber()).toBe(0.1);
    expect(D('123456789012345.67').toNumber()).toBe(123456789012345.67);
    expect(D('1e-30').toNumber()).toBe(1e-30);
    expect(Decimal.fromNumber(0.1).toString()).toBe('0.1');
    expect(Decimal.fromNumber(1e21).toString()).toBe('1000000000000000000000');
    expect(Decimal.exactFromNumber(0.5).toString()).toBe('0.5');
    expect(Decimal.exactFromNumber(0.1).toString()).toBe(
      '0.1000000000000000055511151231257827021181583404541015625',
    );
    expect(() => Decimal.fromNumber(Number.NaN)).toThrow('cannot convert NaN to DECIMAL');
  });

  it('matches decimal.js on thousands of random operands', () => {
    const r = rng(42);
    for (let i = 0; i < 4000; i++) {
      const at = randomDecimalText(r);
      const bt = randomDecimalText(r);
      const a = D(at);
      const b = D(bt);
      const ra = new RefDec(at);
      const rb = new RefDec(bt);
      const sAdd = Math.max(a.scale, b.scale);
      expect(a.add(b).toString()).toBe(ref(ra.plus(rb), sAdd));
      expect(a.sub(b).toString()).toBe(ref(ra.minus(rb), sAdd));
      expect(a.mul(b).toString()).toBe(ref(ra.times(rb), a.scale + b.scale));
      expect(a.compare(b)).toBe(ra.comparedTo(rb));
      expect(a.toNumber()).toBe(ra.toNumber() + 0);
      if (!b.isZero()) {
        const sDiv = Math.max(a.scale, b.scale, 6);
        const q = ra.div(rb).toDecimalPlaces(sDiv, DecimalJs.ROUND_HALF_EVEN);
        expect(a.div(b).toString()).toBe(ref(q, sDiv));
      }
      const n = Math.floor(r() * 8) - 2;
      const rounded = ra.toDecimalPlaces(Math.max(n, 0), DecimalJs.ROUND_HALF_UP);
      if (n >= 0) expect(a.round(n).toString()).toBe(ref(rounded, n));
      else {
        const unit = new RefDec(10).pow(-n);
        const q = ra.div(unit).toDecimalPlaces(0, DecimalJs.ROUND_HALF_UP).times(unit);
        expect(a.round(n).toString()).toBe(ref(q, 0));
      }
    }
  });
});
