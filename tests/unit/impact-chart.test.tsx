import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { fillSlots, type ImpactSources, slotTables } from '../../src/actions/impact-slots.js';
import { tableCsv } from '../../src/actions/impact-tables.js';
import { Chart, describeChart } from '../../src/actions/views/chart.js';
import { FigureTable, SlotSections } from '../../src/actions/views/impact-table.js';

/**
 * The impact pages' chart and tables (issue 14, item 4): an image with a title and a description
 * in words, bars stacked or lines told apart by dash as well as colour; a table drawn and exported
 * from the same rows, every exported cell formula-safe.
 */

const data = {
  days: ['2026-11-30', '2026-12-01', '2026-12-02'],
  series: [
    { label: 'Members', values: [10, 12, 15] },
    { label: 'Joined', values: [3, 2, 4] },
  ],
};

describe('the chart', () => {
  it('is an image named by its title and described by its description', () => {
    const html = renderToString(
      <Chart id="growth" title="The network" kind="lines" unit="members" data={data} />,
    );
    expect(html).toContain('role="img" aria-labelledby="growth-title" aria-describedby="growth-desc"');
    expect(html).toContain('<title id="growth-title">The network</title>');
    expect(html).toContain(
      '<desc id="growth-desc">Lines, one point a day for 3 days from November 30, 2026 to December 2, 2026; the highest point, on December 2, 2026, is 15 members. On the last day: Members 15; Joined 4.',
    );
    // Two lines, the second dashed; the legend in words.
    expect(html.match(/<polyline/g)?.length).toBe(2);
    expect(html).toContain('stroke-dasharray="6 3"');
    expect(html).toMatch(/<\/svg> Members<\/li>.*<\/svg> Joined<\/li>/);
    expect(html).toContain('The top of the chart stands for 15 members.');
  });

  it('stacks bars and describes each series by its total; draws nothing without days', () => {
    expect(describeChart({ kind: 'bars', unit: 'actions', data })).toContain(
      'the highest, December 2, 2026, stands for 19 actions. In all: Members 37; Joined 9.',
    );
    const html = renderToString(<Chart id="a" title="Actions" kind="bars" unit="actions" data={data} />);
    expect(html.match(/<rect /g)?.length).toBe(6 + 2);
    expect(
      renderToString(
        <Chart id="b" title="None" kind="bars" unit="actions" data={{ days: [], series: [] }} />,
      ),
    ).toBe('');
  });
});

describe('an impact table', () => {
  const table = {
    name: 'replies',
    caption: 'Replies per target',
    columns: [
      { label: 'Target', kind: 'text' as const },
      { label: 'Day', kind: 'day' as const },
      { label: 'Replies', kind: 'count' as const },
    ],
    rows: [['=cmd|calc', '2026-12-01', 1204]],
    foot: ['All', '2026-12-01', 1204],
  };

  it('is drawn with its caption, row heads, grouped counts and its CSV link', () => {
    const html = renderToString(<FigureTable table={table} csvBase="/admin/actions/impact" />);
    expect(html).toContain('<caption>Replies per target</caption>');
    expect(html).toContain(
      '<th scope="row">=cmd|calc</th><td><time datetime="2026-12-01">December 1, 2026</time></td><td>1,204</td>',
    );
    expect(html).toContain('<tfoot><tr><th scope="row">All</th>');
    expect(html).toContain('href="/admin/actions/impact/replies.csv"');
  });

  it('exports the same rows as CSV, a formula kept as text', () => {
    expect(tableCsv(table)).toBe(
      '"Target","Day","Replies"\r\n"\'=cmd|calc","2026-12-01","1204"\r\n"All","2026-12-01","1204"\r\n',
    );
  });
});

describe('the slots other rooms fill', () => {
  const growth = {
    name: 'growth',
    caption: 'Members per day',
    columns: [
      { label: 'Day', kind: 'day' as const },
      { label: 'Members', kind: 'count' as const },
    ],
    rows: [['2026-12-01', 10]],
  };
  const sources: ImpactSources = {
    network: {
      overall: async () => ({
        heading: 'The Urgent Action Network',
        chart: {
          title: 'Members',
          kind: 'lines',
          unit: 'members',
          data: { days: ['2026-12-01'], series: [{ label: 'Members', values: [10] }] },
        },
        tables: [growth],
      }),
    },
    replies: { forAction: async (id) => (id === 7 ? { heading: 'Replies', tables: [] } : null) },
  };

  it('asks each source for its part of the page, in slot order, and names its tables by slot', async () => {
    const all = await fillSlots(sources, null, new Date());
    expect(all.map((f) => f.slot)).toEqual(['network']);
    expect(slotTables(all).map((t) => t.name)).toEqual(['network-growth']);
    expect((await fillSlots(sources, 7, new Date())).map((f) => f.slot)).toEqual(['replies']);
    expect(await fillSlots(sources, 8, new Date())).toEqual([]);
    expect(await fillSlots(undefined, null, new Date())).toEqual([]);

    const html = renderToString(<SlotSections filled={all} csvBase="/admin/actions/impact" />);
    expect(html).toContain('<h2 id="impact-slot-network">The Urgent Action Network</h2>');
    expect(html).toContain('<title id="impact-slot-network-chart-title">Members</title>');
    // A line of one day is a dot.
    expect(html).toMatch(/<circle cx="320" cy="8" r="4" fill="#1f5fa8"/);
    expect(html).toContain('href="/admin/actions/impact/network-growth.csv"');
  });
});
