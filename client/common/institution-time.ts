import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { callApi } from './api.js';
import { clockIn, dateTimeIn } from '../../shared/domain/zoned-time.js';

/** The server's default (SKYTELLER_TIME_ZONE), used only until the page has asked for the configured one. */
let timeZone = 'Asia/Shanghai';

/**
 * The institution's time zone comes with the catalog. Every date and time a
 * page shows is on its clock, as in the signed record, not on the browser's.
 */
const known: Promise<void> = callApi(restRoutes.catalog)
  .then((catalog) => {
    timeZone = catalog.timeZone;
  })
  .catch(() => undefined);

/** Resolves once the configured zone is known (or could not be asked for). */
export const timeZoneKnown = (): Promise<void> => known;

/** "2025-03-04 09:05" in the institution's zone. */
export const dateTime = (at: number): string => dateTimeIn(at, timeZone);

/** "09:05" in the institution's zone. */
export const clockTime = (at: number): string => clockIn(at, timeZone);
