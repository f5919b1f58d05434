// The evaluation set through the npm package compromise (people, places,
// organisations): F1 per type against the same gold as Vigil's, and throughput on
// the same texts the same way. Prints one JSON object for bench-tagging.
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

// Throughput as bench-tagging measures Vigil's: the evaluation texts analysed one
// by one, over and over, until as many bytes as the repeated text file holds.
const target = Buffer.byteLength(fs.readFileSync(process.argv[3], 'utf8'));
const sizes = docs.map((d) => Buffer.byteLength(d.text) + 2);
const start = process.hrtime.bigint();
let done = 0;
while (done < target) {
  for (let i = 0; i < docs.length && done < target; i++) {
    const doc = nlp(docs[i].text);
    doc.people().out('array');
    doc.places().out('array');
    doc.organizations().out('array');
    done += sizes[i];
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ counts, seconds, bytes: done }));
