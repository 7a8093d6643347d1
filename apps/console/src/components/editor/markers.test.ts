import { describe, expect, it } from 'vitest';
import { suggestionOf } from './markers';

describe('suggestionOf', () => {
  it('reads the name or keyword the engine suggests', () => {
    expect(suggestionOf('column "prodct" does not exist\nhint: did you mean "product"?')).toBe(
      'product',
    );
    expect(suggestionOf('unexpected FORM\nhint: did you mean FROM?')).toBe('FROM');
    expect(suggestionOf('division by zero')).toBeNull();
  });
});
