import type { ImpactTable } from './impact-tables.js';
import type { ChartData } from './views/chart.js';

/*
 * The places on the impact pages that other parts of issue 14 fill: replies received per target
 * and outcomes (the replies and outcomes ledger), network size and growth (the Urgent Action
 * Network). This room does not read their tables: each hands over a source at composition
 * (app.ts, `impactSources` beside the actions room's other dependencies), and the pages draw what
 * it returns like their own sections: a heading, an optional chart over days, tables, each table
 * downloadable as CSV (`…/impact/<slot>-<table name>.csv`, audited like the others).
 */

export const IMPACT_SLOTS = ['replies', 'outcomes', 'network'] as const;
/**
 * - `replies`: replies received per target (which target, how many, how: letter, email, call, statement).
 * - `outcomes`: what changed for the people at risk (released, charges dropped, …), with dates.
 * - `network`: the Urgent Action Network's size and growth (members per day, joined, left).
 */
export type ImpactSlot = (typeof IMPACT_SLOTS)[number];

export interface ImpactSection {
  heading: string;
  /** A sentence under the heading: what is counted and how. */
  intro?: string;
  /** A chart over days (`kind`: bars for counts a day, lines for levels such as the network's size). */
  chart?: { title: string; kind: 'bars' | 'lines'; unit: string; data: ChartData };
  /** Its tables; names unique within the section (the CSV's address prefixes the slot). */
  tables: readonly ImpactTable[];
}

export interface ImpactSource {
  /** This urgent action's part (its replies per target, its outcomes); null when there is nothing. */
  forAction?(articleId: number, now: Date): Promise<ImpactSection | null>;
  /** The part on the page of every urgent action (replies and outcomes in all, the network). */
  overall?(now: Date): Promise<ImpactSection | null>;
}

export type ImpactSources = Partial<Record<ImpactSlot, ImpactSource>>;

export interface FilledSlot {
  slot: ImpactSlot;
  section: ImpactSection;
}

/** The sections the sources give for one urgent action (`articleId`) or for all (null), in slot order. */
export async function fillSlots(
  sources: ImpactSources | undefined,
  articleId: number | null,
  now: Date,
): Promise<FilledSlot[]> {
  if (!sources) return [];
  const filled = await Promise.all(
    IMPACT_SLOTS.map(async (slot) => {
      const source = sources[slot];
      const section =
        articleId === null ? await source?.overall?.(now) : await source?.forAction?.(articleId, now);
      return section ? { slot, section } : null;
    }),
  );
  return filled.filter((f): f is FilledSlot => f !== null);
}

/** A slot's tables under the names their CSV addresses use: `<slot>-<table name>`. */
export const slotTables = (filled: readonly FilledSlot[]): ImpactTable[] =>
  filled.flatMap(({ slot, section }) =>
    section.tables.map((table) => ({ ...table, name: `${slot}-${table.name}` })),
  );
