import { describe, expect, it } from 'vitest';
import { listUnsubscribeHeaders } from '../../src/subscriptions/links.js';
import { growthOf, sendColumns } from '../../src/subscriptions/network/impact.js';
import { noSends } from '../../src/subscriptions/network/reports.js';

/** The network's growth from its daily tallies, a message's sends as campaigners read them, the List-Unsubscribe headers. */

describe('the network’s growth', () => {
  const tallies = [
    { day: '2026-11-01', joins: 5, leaves: 0 },
    { day: '2026-11-03', joins: 2, leaves: 1 },
    { day: '2026-11-04', joins: 0, leaves: 3 },
  ];

  it('gives every day to today with the size at its end, days without a change kept', () => {
    expect(growthOf(tallies, '2026-11-05')).toEqual([
      { day: '2026-11-01', members: 5, joins: 5, leaves: 0 },
      { day: '2026-11-02', members: 5, joins: 0, leaves: 0 },
      { day: '2026-11-03', members: 6, joins: 2, leaves: 1 },
      { day: '2026-11-04', members: 3, joins: 0, leaves: 3 },
      { day: '2026-11-05', members: 3, joins: 0, leaves: 0 },
    ]);
  });

  it('counts the days before its span in the size of the first day shown', () => {
    expect(growthOf(tallies, '2026-11-04', 2)).toEqual([
      { day: '2026-11-03', members: 6, joins: 2, leaves: 1 },
      { day: '2026-11-04', members: 3, joins: 0, leaves: 3 },
    ]);
  });

  it('is empty before anyone joined', () => {
    expect(growthOf([], '2026-11-04')).toEqual([]);
  });
});

describe('a message’s sends', () => {
  it('reads queued and sending as waiting, and keeps every other state apart', () => {
    expect(
      sendColumns({
        ...noSends(),
        queued: 2,
        sending: 1,
        sent: 7,
        capped: 3,
        dead: 1,
        suppressed: 4,
        cancelled: 5,
      }),
    ).toEqual({
      sent: 7,
      capped: 3,
      waiting: 3,
      failed: 0,
      dead: 1,
      suppressed: 4,
      cancelled: 5,
    });
  });
});

describe('List-Unsubscribe', () => {
  it('gives the https link, and a mailto only when a mailbox is set, its subject saying what to do', () => {
    expect(
      listUnsubscribeHeaders('https://x.example/network/leave/1.2.abc', undefined, 'leave-network 1.2.abc'),
    ).toEqual({
      'List-Unsubscribe': '<https://x.example/network/leave/1.2.abc>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(
      listUnsubscribeHeaders(
        'https://x.example/network/leave/1.2.abc',
        'out@x.example',
        'leave-network 1.2.abc',
      )['List-Unsubscribe'],
    ).toBe(
      '<https://x.example/network/leave/1.2.abc>, <mailto:out@x.example?subject=leave-network%201.2.abc>',
    );
  });
});
