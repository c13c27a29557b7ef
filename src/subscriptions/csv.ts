// The formula-safe CSV cells are the platform's now (the urgent actions' export uses them too).
export { csvCell, toCsv } from '../platform/text/csv.js';
