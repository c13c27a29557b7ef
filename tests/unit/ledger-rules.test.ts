import { describe, expect, it } from 'vitest';
import {
  actionsText,
  chronological,
  countWord,
  impactOf,
  isDay,
  isFutureDay,
  outcomeText,
  repliesHeading,
  repliesText,
} from '../../src/actions/ledger/rules.js';

describe('the ledger’s words and order', () => {
  it('heads the timeline with the number of authorities, in words up to ten', () => {
    expect(repliesHeading(0)).toBeNull();
    expect(repliesHeading(1)).toBe('A reply from one authority');
    expect(repliesHeading(3)).toBe('Replies from three authorities');
    expect(repliesHeading(10)).toBe('Replies from ten authorities');
    expect(repliesHeading(12)).toBe('Replies from 12 authorities');
    expect(countWord(2140)).toBe('2,140');
  });

  it('writes the impact block’s parts, pluralised, with the outcome’s day', () => {
    expect(actionsText(1)).toBe('1 action');
    expect(actionsText(2140)).toBe('2,140 actions');
    expect(repliesText(1)).toBe('1 reply');
    expect(repliesText(3)).toBe('3 replies');
    expect(outcomeText('released', '2020-03-12')).toBe('released on March 12, 2020');
    expect(outcomeText('none', '2020-03-12')).toBe('no change as of March 12, 2020');
  });

  it('reads only days that exist, and knows one after today', () => {
    expect(isDay('2020-02-29')).toBe(true);
    expect(isDay('2021-02-29')).toBe(false);
    expect(isDay('2020-2-1')).toBe(false);
    expect(isDay('')).toBe(false);
    const now = new Date('2026-12-03T23:59:00Z');
    expect(isFutureDay('2026-12-03', now)).toBe(false);
    expect(isFutureDay('2026-12-04', now)).toBe(true);
  });

  it('orders entries by day, then as recorded', () => {
    const entries = [
      { day: '2020-05-12', order: 1, id: 'c' },
      { day: '2020-04-29', order: 9, id: 'b' },
      { day: '2020-04-29', order: 2, id: 'a' },
    ];
    expect(chronological(entries).map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('adds up the impact line of a series’ members: the latest outcome by its day, then as recorded', () => {
    const member = (
      articleId: number,
      outcome: { kind: 'released' | 'charges-dropped'; day: string; id: number } | null,
    ) => ({
      articleId,
      actions: articleId * 10,
      replies: articleId,
      outcome,
    });
    expect(impactOf([])).toEqual({ actions: 0, replies: 0, outcome: null });
    // On the same day, the later recorded wins, whichever member comes first.
    const dropped = { kind: 'charges-dropped', day: '2026-03-12', id: 9 } as const;
    const released = { kind: 'released', day: '2026-03-12', id: 4 } as const;
    expect(impactOf([member(1, dropped), member(2, released), member(3, null)])).toEqual({
      actions: 60,
      replies: 6,
      outcome: { kind: 'charges-dropped', day: '2026-03-12' },
    });
    expect(impactOf([member(2, released), member(1, dropped)]).outcome?.kind).toBe('charges-dropped');
    expect(
      impactOf([
        member(1, { kind: 'charges-dropped', day: '2026-03-11', id: 9 }),
        member(2, { kind: 'released', day: '2026-03-12', id: 4 }),
      ]).outcome,
    ).toEqual({ kind: 'released', day: '2026-03-12' });
  });
});
