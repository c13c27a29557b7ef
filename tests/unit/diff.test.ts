import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines } from '../../src/platform/text/diff.js';

describe('diffLines', () => {
  it('marks added and removed lines', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'b' },
      { op: 'added', text: 'x' },
      { op: 'same', text: 'c' },
    ]);
  });

  it('rebuilds both texts from any diff', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', ''), { maxLength: 30 }),
        fc.array(fc.constantFrom('a', 'b', 'd', ''), { maxLength: 30 }),
        (x, y) => {
          const before = x.join('\n');
          const after = y.join('\n');
          const diff = diffLines(before, after);
          expect(
            diff
              .filter((l) => l.op !== 'added')
              .map((l) => l.text)
              .join('\n'),
          ).toBe(before);
          expect(
            diff
              .filter((l) => l.op !== 'removed')
              .map((l) => l.text)
              .join('\n'),
          ).toBe(after);
        },
      ),
      { numRuns: 300 },
    );
  });
});
