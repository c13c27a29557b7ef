// Self time by function from a V8 .cpuprofile (node --cpu-prof): the top N lines.
// Usage: node bench/profile-summary.mjs file.cpuprofile [N]
import fs from 'node:fs';

const [file, n = '30'] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++)
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFn = new Map();
for (const [id, us] of self) {
  const { callFrame: f } = byId.get(id);
  const where = f.url
    ? f.url.replace(/^.*node_modules\//, '~/').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/')
    : '';
  const key = `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + us);
}
const byPackage = new Map();
for (const [key, us] of byFn) {
  const m = /~\/((?:@[^/]+\/)?[^/]+)/.exec(key) ?? /\s(src\/[^/]+)/.exec(key);
  const pkg = m ? m[1] : key.startsWith('(') ? key.split(' ')[0] : 'node internals';
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}
const show = (map, count) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
process.stdout.write(
  `total ${(total / 1000).toFixed(0)} ms sampled\n\nby package or room:\n${show(byPackage, 15)}\n\nby function:\n${show(byFn, Number(n))}\n`,
);

// Inclusive time of the functions named after the file (a third argument on: "name,name").
const names = (process.argv[4] ?? '').split(',').filter(Boolean);
if (names.length > 0) {
  const children = new Map(profile.nodes.map((node) => [node.id, node.children ?? []]));
  const inclusive = (id) => (self.get(id) ?? 0) + children.get(id).reduce((a, c) => a + inclusive(c), 0);
  const totals = new Map();
  const walk = (id, inside) => {
    const node = byId.get(id);
    const name = node.callFrame.functionName;
    const counts = names.includes(name) && !inside.has(name);
    if (counts) totals.set(name, (totals.get(name) ?? 0) + inclusive(id));
    const next = counts ? new Set([...inside, name]) : inside;
    for (const c of children.get(id)) walk(c, next);
  };
  walk(profile.nodes[0].id, new Set());
  process.stdout.write('\ninclusive:\n');
  for (const name of names)
    process.stdout.write(`${((100 * (totals.get(name) ?? 0)) / total).toFixed(1).padStart(5)}%  ${name}\n`);
}
