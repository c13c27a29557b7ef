import { t } from '../../platform/i18n/index.js';
import type { FilledSlot } from '../impact-slots.js';
import type { ImpactTable } from '../impact-tables.js';
import { Chart, dayText } from './chart.js';
import { formatCount } from './counts.js';

/** A cell as the page draws it: counts grouped in thousands, days in words with their date. */
function CellText(props: { value: string | number; kind: ImpactTable['columns'][number]['kind'] }) {
  const { value, kind } = props;
  if (kind === 'count') return <>{formatCount(Number(value))}</>;
  if (kind === 'day') return <time dateTime={String(value)}>{dayText(String(value))}</time>;
  return <>{value}</>;
}

function Row(props: { table: ImpactTable; row: ImpactTable['rows'][number]; link?: string | null }) {
  const { table, row, link } = props;
  const [head, ...cells] = row;
  const headKind = table.columns[0]?.kind ?? 'text';
  return (
    <tr>
      <th scope="row">
        {link ? (
          <a href={link}>
            <CellText value={head ?? ''} kind={headKind} />
          </a>
        ) : (
          <CellText value={head ?? ''} kind={headKind} />
        )}
      </th>
      {cells.map((cell, i) => (
        <td key={table.columns[i + 1]?.label ?? i}>
          <CellText value={cell} kind={table.columns[i + 1]?.kind ?? 'text'} />
        </td>
      ))}
    </tr>
  );
}

/**
 * A table of the impact pages, with the link that downloads the same rows as CSV
 * (`<csvBase>/<name>.csv`). The first column heads each row.
 */
export function FigureTable(props: { table: ImpactTable; csvBase: string }) {
  const { table } = props;
  return (
    <>
      {/* A wide table scrolls on its own on a phone, reachable by keyboard. */}
      <div class="impact-table" role="region" aria-label={table.caption} tabindex={0}>
        <table class="table">
          <caption>{table.caption}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.label} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <Row key={String(row[0])} table={table} row={row} link={table.links?.[i]} />
            ))}
          </tbody>
          {table.foot ? (
            <tfoot>
              <Row table={table} row={table.foot} />
            </tfoot>
          ) : null}
        </table>
      </div>
      <p class="impact-csv">
        <a href={`${props.csvBase}/${table.name}.csv`} download>
          {t('uaImpact.csv')}
          <span class="visually-hidden"> ({table.caption})</span>
        </a>
      </p>
    </>
  );
}

/** The sections other rooms put in the impact pages' slots (replies, outcomes, the network). */
export function SlotSections(props: { filled: readonly FilledSlot[]; csvBase: string }) {
  return (
    <>
      {props.filled.map(({ slot, section }) => (
        <section key={slot} aria-labelledby={`impact-slot-${slot}`} class="impact-section">
          <h2 id={`impact-slot-${slot}`}>{section.heading}</h2>
          {section.intro ? <p>{section.intro}</p> : null}
          {section.chart ? (
            <Chart
              id={`impact-slot-${slot}-chart`}
              title={section.chart.title}
              kind={section.chart.kind}
              unit={section.chart.unit}
              data={section.chart.data}
            />
          ) : null}
          {section.tables.map((table) => (
            <FigureTable
              key={table.name}
              table={{ ...table, name: `${slot}-${table.name}` }}
              csvBase={props.csvBase}
            />
          ))}
        </section>
      ))}
    </>
  );
}
