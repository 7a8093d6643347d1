import { describe, expect, it } from 'vitest';
import { connectionNameOf, previewSourceSql, quoteUri } from './preview-sql';

describe('preview-sql', () => {
  it('previews a source with SELECT * and a quoted URI', () => {
    expect(previewSourceSql('kafka://@local/orders')).toBe("SELECT * FROM 'kafka://@local/orders'");
    expect(quoteUri("file://@it's")).toBe("'file://@it''s'");
  });

  it('finds the connection a URI being typed names, once its slash is typed', () => {
    expect(connectionNameOf('kafka://@local/or')).toBe('local');
    expect(connectionNameOf('postgresql://@pg-main/')).toBe('pg-main');
    expect(connectionNameOf('kafka://@local')).toBeNull();
    expect(connectionNameOf('datagen://orders')).toBeNull();
  });
});
