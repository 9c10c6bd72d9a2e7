import express from 'express';
import { SERVICES } from '../../shared/catalog/services.js';
import { SERVICE_LANGUAGES } from '../../shared/catalog/languages.js';
import type { CreateTicketResponse } from '../../shared/contracts/ticket.js';
import type { CounterService } from '../call/index.js';
import type { TokenSigner } from '../identity/index.js';

/** How long a customer's ticket token is good for. */
const TICKET_TTL_MS = 24 * 3_600_000;

/** The customer's way in: the catalog to choose from, and a ticket with its signed token. */
export function ticketRoutes(deps: {
  counter: CounterService;
  tokens: TokenSigner;
  clock: () => number;
}): express.Router {
  const router = express.Router();
  router.get('/api/catalog', (_req, res) => {
    res.json({ services: SERVICES, languages: SERVICE_LANGUAGES });
  });

  router.post('/api/tickets', (req, res) => {
    const ticket = deps.counter.createTicket(req.body);
    const ticketToken = deps.tokens.sign({
      kind: 'ticket',
      sub: ticket.id,
      exp: deps.clock() + TICKET_TTL_MS,
    });
    const body: CreateTicketResponse = { ticketToken, ticket: deps.counter.ticketView(ticket.id) };
    res.status(201).json(body);
  });
  return router;
}
