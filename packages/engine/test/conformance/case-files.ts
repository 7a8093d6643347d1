/** Reads conformance case folders: `<case>.sql` with inputs and expectations beside it. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface CaseFiles {
  /** `area/name`, e.g. `decimal/add_same_scale`. */
  id: string;
  name: string;
  sql: string;
  /** Source name → raw JSONL text. */
  inputs: Map<string, string>;
  /** Sink name (or '' for the default expectation) → expected lines. */
  expected: Map<string, string[]>;
  expectedDlq: string[] | null;
  expectedError: string | null;
  unordered: boolean;
  batch: boolean;
  interleave: boolean;
  expectHeaders: boolean;
  pushOrder: string[] | null;
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

export function loadCases(root: string): CaseFiles[] {
  const out: CaseFiles[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    );
    const files = entries.filter((e) => e.isFile()).map((e) => e.name);
    for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name));
    for (const file of files.filter((f) => f.endsWith('.sql'))) {
      const name = file.slice(0, -4);
      const sql = readFileSync(join(dir, file), 'utf8');
      const inputs = new Map<string, string>();
      const expected = new Map<string, string[]>();
      for (const f of files) {
        if (!f.startsWith(`${name}.`) || !f.endsWith('.jsonl')) continue;
        const middle = f.slice(name.length + 1, -'.jsonl'.length);
        const text = readFileSync(join(dir, f), 'utf8');
        if (middle === 'expected') expected.set('', lines(text));
        else if (middle.startsWith('expected.')) expected.set(middle.slice(9), lines(text));
        else if (middle !== 'expected-dlq') inputs.set(middle, text);
      }
      const dlqPath = join(dir, `${name}.expected-dlq.jsonl`);
      const errPath = join(dir, `${name}.expected.txt`);
      const directive = (d: string) => new RegExp(`^-- ${d}\\b`, 'm').test(sql);
      const order = /^-- push-order: (.+)$/m.exec(sql);
      out.push({
        id: relative(root, join(dir, name)),
        name,
        sql,
        inputs,
        expected,
        expectedDlq: existsSync(dlqPath) ? lines(readFileSync(dlqPath, 'utf8')) : null,
        expectedError: existsSync(errPath) ? readFileSync(errPath, 'utf8').trimEnd() : null,
        unordered: directive('unordered'),
        batch: directive('batch'),
        interleave: directive('interleave'),
        expectHeaders: directive('expect-headers'),
        pushOrder: order ? order[1].split(',').map((s) => s.trim()) : null,
      });
    }
  };
  walk(root);
  return out;
}
