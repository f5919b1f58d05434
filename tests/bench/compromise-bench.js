// The evaluation set through the npm package compromise (people, places,
// organisations): F1 per type against the same gold as Vigil's, and throughput on
// the same repeated text. Prints one JSON object for bench-tagging.
// Usage: NODE_PATH=… node compromise-bench.js EVAL_TSV REPEAT_TEXT_FILE
const fs = require('fs');
const nlp = require('compromise');

const docs = [];
let cur = null;
for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (line.startsWith('#') || line === '') continue;
  if (line.startsWith('=== ')) {
    cur = { text: '', gold: new Set() };
    docs.push(cur);
  } else if (line.startsWith('@ ')) {
    if (!line.startsWith('@ risk')) cur.gold.add(line.slice(2));
  } else {
    cur.text += (cur.text ? '\n' : '') + line;
  }
}

const types = ['person', 'organization', 'location'];
const counts = Object.fromEntries(types.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
const clean = (s) => s.replace(/^[\s"'“”(]+|[\s"'“”),.;:!?]+$/g, '').replace(/'s$/, '');
for (const d of docs) {
  const doc = nlp(d.text);
  const found = new Set();
  for (const p of doc.people().out('array')) found.add('person\t' + clean(p));
  for (const p of doc.organizations().out('array')) found.add('organization\t' + clean(p));
  for (const p of doc.places().out('array')) found.add('location\t' + clean(p));
  for (const f of found) {
    const t = f.split('\t')[0];
    if (d.gold.has(f)) counts[t].tp++;
    else counts[t].fp++;
  }
  for (const g of d.gold) if (!found.has(g)) counts[g.split('\t')[0]].fn++;
}

const big = fs.readFileSync(process.argv[3], 'utf8');
const start = process.hrtime.bigint();
const doc = nlp(big);
doc.people().out('array');
doc.places().out('array');
doc.organizations().out('array');
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ counts, seconds, bytes: Buffer.byteLength(big) }));
