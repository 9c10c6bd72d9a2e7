import type { CallView } from '../../shared/contracts/socket-events.js';
import type { CreateTicketRequest } from '../../shared/contracts/ticket.js';
import { connect, createTicket, login, nextEvent, request, type TestSocket } from './clients.js';

export interface ConnectedCall {
  customer: TestSocket;
  teller: TestSocket;
  customerCall: CallView;
  tellerCall: CallView;
  ticketToken: string;
}

/** A customer joins, teller1 goes available and accepts: a call with both sockets connected. */
export async function setUpCall(
  server: { url: string; ca: string },
  tellerName = 'teller1',
  ticket: Partial<CreateTicketRequest> = {},
): Promise<ConnectedCall> {
  const { token } = await login(server, tellerName);
  const teller = await connect(server, { token });
  await request(teller, 'teller:setStatus', { status: 'available' });
  const offered = nextEvent(teller, 'teller:state', (s) => s.offer !== null);
  const created = await createTicket(server, ticket);
  const { ticketToken } = created;
  const customer = await connect(server, { ticketToken });
  const { offer } = await offered;
  if (offer?.ticketId !== created.ticket.ticketId) throw new Error('the teller was offered another ticket');
  const started = nextEvent(customer, 'call:started');
  const tellerCall = await request(teller, 'offer:accept', { ticketId: created.ticket.ticketId });
  return { customer, teller, customerCall: await started, tellerCall, ticketToken };
}
