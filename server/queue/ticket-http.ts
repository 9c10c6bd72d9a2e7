import express from 'express';
import { SERVICES } from '../../shared/catalog/services.js';
import { SERVICE_LANGUAGES } from '../../shared/catalog/languages.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import type { TokenSigner } from '../identity/index.js';
import { bindRoute } from '../platform/http/route-binder.js';
import { addressRateLimit } from '../platform/http/address-rate-limit.js';
import type { LimitStore } from '../platform/attempt-limit.js';
import type { QueueFeature } from './queue-setup.js';

/** How long a customer's ticket token is good for. */
const TICKET_TTL_MS = 24 * 3_600_000;

/** The customer's way in: the catalog to choose from, and a ticket with its signed token. */
export function ticketRoutes(deps: {
  queue: Pick<QueueFeature, 'customers'>;
  tokens: TokenSigner;
  clock: () => number;
  timeZone: string;
  limits: { ticketsPerAddressPerMinute: number; ticketsPerMinute: number };
  /** Where the ticket limits count: shared by every node when there are several. */
  limitStore?: LimitStore;
}): express.Router {
  const router = express.Router();
  // The time zone comes along: every page shows dates and times in the institution's zone.
  bindRoute(router, restRoutes.catalog, () => ({
    services: SERVICES,
    languages: SERVICE_LANGUAGES,
    timeZone: deps.timeZone,
  }));

  // Before the body is judged: a script trying tickets pays for every try, valid or not.
  const rateLimit = addressRateLimit({
    what: 'tickets',
    perAddress: deps.limits.ticketsPerAddressPerMinute,
    overall: deps.limits.ticketsPerMinute,
    windowSeconds: 60,
    store: deps.limitStore,
  });
  bindRoute(
    router,
    restRoutes.createTicket,
    async ({ body }) => {
      const ticket = await deps.queue.customers.join(body);
      const ticketToken = deps.tokens.sign({
        kind: 'ticket',
        sub: ticket.id,
        exp: deps.clock() + TICKET_TTL_MS,
      });
      return { ticketToken, ticket: deps.queue.customers.view(ticket.id) };
    },
    [rateLimit],
  );
  return router;
}
