// SPDX-License-Identifier: GPL-3.0-or-later
// The npm package compromise (people, places, organisations) on the texts
// bench-tagging gives Vigil: bag of names per document against the same gold,
// and throughput on the same texts the same way. Prints one JSON object
// {counts: {person: {tp, fp, fn}, organization: …, location: …}, seconds, bytes}
// for bench-tagging.
// Usage: NODE_PATH=… node compromise-bench.js EVAL_TSV REPEAT_TEXT_FILE
//          the evaluation set (tests/fixtures/eval/eval.tsv), timed over as many
//          bytes as REPEAT_TEXT_FILE holds
//        NODE_PATH=… node compromise-bench.js --docs BYTES NAME.txt…
//          documents with their NAME.gold.json ({"person": […], "organization":
//          […], "location": […]}, ../shared/corpora layout), timed over BYTES
//          bytes of them (0: scored only, not timed)
const fs = require('fs');
const nlp = require('compromise');

const types = ['person', 'organization', 'location'];

// docs: [{text, gold: Set of "type\tname"}]
function readEvalSet(path) {
  const docs = [];
  let cur = null;
  for (const line of fs.readFileSync(path, 'utf8').split('\n')) {
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
  return docs;
}

function readGoldDocs(paths) {
  return paths.map((path) => {
    const gold = new Set();
    const json = JSON.parse(fs.readFileSync(path.replace(/\.txt$/, '.gold.json'), 'utf8'));
    for (const t of types) for (const name of json[t] || []) gold.add(t + '\t' + name);
    return { text: fs.readFileSync(path, 'utf8'), gold };
  });
}

// compromise's matches keep the punctuation and quotes around them ("Obama,"):
// trimmed, with a possessive 's, before they are compared with the gold names.
const clean = (s) => s.replace(/^[\s"'“”(]+|[\s"'“”),.;:!?]+$/g, '').replace(/'s$/, '');

// The distinct names of each type in a document against its gold names.
function score(docs) {
  const counts = Object.fromEntries(types.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
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
  return counts;
}

// Throughput as bench-tagging measures Vigil's: the documents analysed one by
// one, over and over, until `target` bytes have gone through (each document
// counted as `extra` bytes more than its text).
function time(docs, target, extra) {
  const sizes = docs.map((d) => Buffer.byteLength(d.text) + extra);
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
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, bytes: done };
}

if (process.argv[2] === '--docs') {
  const docs = readGoldDocs(process.argv.slice(4));
  const target = Number(process.argv[3]);
  const counts = score(docs);
  const timed = target > 0 && docs.length > 0 ? time(docs, target, 0) : { seconds: 0, bytes: 0 };
  console.log(JSON.stringify({ counts, ...timed }));
} else {
  const docs = readEvalSet(process.argv[2]);
  const counts = score(docs);
  // The evaluation texts are joined by a blank line in the repeated text file.
  const target = Buffer.byteLength(fs.readFileSync(process.argv[3], 'utf8'));
  console.log(JSON.stringify({ counts, ...time(docs, target, 2) }));
}
