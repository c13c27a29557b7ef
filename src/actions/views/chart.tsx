import { formatDate, t } from '../../platform/i18n/index.js';

/*
 * A chart over days drawn on the server as SVG: no script, no library, nothing fetched. Stacked
 * bars (parts of a whole: actions per channel) or lines (levels: the network's size), several
 * series. It is an image named by its title and described in words (first and last day, the
 * busiest, each series' total), with its legend in text; the page puts the table of the same
 * figures beside it, which is what a screen reader, a printout and a spreadsheet read.
 */

export interface ChartSeries {
  label: string;
  /** One figure per day, in the order of `ChartData.days`. */
  values: readonly number[];
}

export interface ChartData {
  /** YYYY-MM-DD (UTC), one per slot, consecutive. */
  days: readonly string[];
  series: readonly ChartSeries[];
}

export interface ChartProps {
  /** Unique on the page: the title's and description's ids derive from it. */
  id: string;
  title: string;
  kind: 'bars' | 'lines';
  data: ChartData;
  /** What a figure is ("actions", "members"), for the description: "…the busiest with 120 actions". */
  unit: string;
}

/**
 * A colour per series, each at least 3:1 against the white page and told apart in grey too (lines
 * also differ by dash, bars by their place in the stack and the legend's order).
 */
export const SERIES_COLOURS = ['#1f5fa8', '#7a3e9d', '#0f7b6c', '#a64f00', '#b0224c', '#4d5a12'] as const;
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4'] as const;

/** Coordinates to a tenth of a unit: a long chart's markup stays small. */
const round = (n: number) => Math.round(n * 10) / 10;

const colourOf = (i: number) => SERIES_COLOURS[i % SERIES_COLOURS.length]!;
const dashOf = (i: number) => DASHES[i % DASHES.length]!;

const SIZE = { width: 640, height: 200, top: 8 };

const numbers = new Intl.NumberFormat('en');
export const dayText = (day: string) => formatDate(`${day}T00:00:00Z`);

/** The sum of every series on each day (the height of a stack). */
export function dayTotals(data: ChartData): number[] {
  return data.days.map((_, i) => data.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
}

/** The chart's description in words: its span, its highest point and each series' total or last level. */
export function describeChart(props: Pick<ChartProps, 'kind' | 'data' | 'unit'>): string {
  const { data, kind, unit } = props;
  const first = data.days[0];
  const last = data.days.at(-1);
  if (!first || !last) return t('chart.empty');
  const heights =
    kind === 'bars'
      ? dayTotals(data)
      : data.days.map((_, i) => Math.max(0, ...data.series.map((s) => s.values[i] ?? 0)));
  let top = 0;
  for (let i = 1; i < heights.length; i++) if ((heights[i] ?? 0) > (heights[top] ?? 0)) top = i;
  const each = data.series
    .map((s) =>
      t(kind === 'bars' ? 'chart.seriesTotal' : 'chart.seriesLast', {
        label: s.label,
        count: numbers.format(kind === 'bars' ? s.values.reduce((a, b) => a + b, 0) : (s.values.at(-1) ?? 0)),
      }),
    )
    .join('; ');
  return t(kind === 'bars' ? 'chart.descBars' : 'chart.descLines', {
    from: dayText(first),
    to: dayText(last),
    days: numbers.format(data.days.length),
    top: dayText(data.days[top] ?? first),
    most: numbers.format(heights[top] ?? 0),
    unit,
    each,
  });
}

function Swatch(props: { index: number; kind: ChartProps['kind'] }) {
  return (
    <svg class="ua-chart__swatch" width="24" height="12" viewBox="0 0 24 12" aria-hidden="true">
      {props.kind === 'bars' ? (
        <rect x="6" width="12" height="12" fill={colourOf(props.index)} />
      ) : (
        <line
          x1="0"
          y1="6"
          x2="24"
          y2="6"
          stroke={colourOf(props.index)}
          stroke-width="3"
          stroke-dasharray={dashOf(props.index) || undefined}
        />
      )}
    </svg>
  );
}

function Bars(props: { data: ChartData; scale: number; slot: number }) {
  const { data, scale, slot } = props;
  const bar = Math.max(1, Math.min(slot * 0.8, 48));
  return (
    <>
      {data.days.map((day, i) => {
        let y = SIZE.height;
        return (
          <g key={day}>
            {data.series.map((s, k) => {
              const h = (s.values[i] ?? 0) * scale;
              if (h <= 0) return null;
              y -= h;
              return (
                <rect
                  key={s.label}
                  x={round(i * slot + (slot - bar) / 2)}
                  y={round(y)}
                  width={round(bar)}
                  height={round(h)}
                  fill={colourOf(k)}
                />
              );
            })}
          </g>
        );
      })}
    </>
  );
}

function Lines(props: { data: ChartData; scale: number; slot: number }) {
  const { data, scale, slot } = props;
  // One day is a point, which a line cannot draw: a dot then.
  if (data.days.length === 1)
    return (
      <>
        {data.series.map((s, k) => (
          <circle
            key={s.label}
            cx={round(slot / 2)}
            cy={round(SIZE.height - (s.values[0] ?? 0) * scale)}
            r="4"
            fill={colourOf(k)}
          />
        ))}
      </>
    );
  return (
    <>
      {data.series.map((s, k) => (
        <polyline
          key={s.label}
          fill="none"
          stroke={colourOf(k)}
          stroke-width="2"
          stroke-dasharray={dashOf(k) || undefined}
          vector-effect="non-scaling-stroke"
          points={data.days
            .map(
              (_, i) =>
                `${(i * slot + slot / 2).toFixed(1)},${(SIZE.height - (s.values[i] ?? 0) * scale).toFixed(1)}`,
            )
            .join(' ')}
        />
      ))}
    </>
  );
}

/** The chart as a figure: the SVG (title, description), its legend and its scale. */
export function Chart(props: ChartProps) {
  const { data, kind } = props;
  if (data.days.length === 0 || data.series.length === 0) return null;
  const heights =
    kind === 'bars' ? dayTotals(data) : data.series.flatMap((s) => s.values.map((v) => Math.max(0, v)));
  const max = Math.max(1, ...heights);
  const slot = SIZE.width / data.days.length;
  const scale = (SIZE.height - SIZE.top) / max;
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  return (
    <figure class={`ua-chart ua-chart--${kind}`}>
      <svg
        class="ua-chart__svg"
        viewBox={`0 0 ${SIZE.width} ${SIZE.height}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        preserveAspectRatio="none"
      >
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{describeChart(props)}</desc>
        {kind === 'bars' ? (
          <Bars data={data} scale={scale} slot={slot} />
        ) : (
          <Lines data={data} scale={scale} slot={slot} />
        )}
      </svg>
      <figcaption>
        <ul class="ua-chart__legend">
          {data.series.map((s, k) => (
            <li key={s.label}>
              <Swatch index={k} kind={kind} /> {s.label}
            </li>
          ))}
        </ul>
        <p>{t('chart.scale', { most: numbers.format(max), unit: props.unit })}</p>
      </figcaption>
    </figure>
  );
}
