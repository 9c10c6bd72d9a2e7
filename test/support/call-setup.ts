import type { CallView } from '../../shared/contracts/socket-events.js';
import type { CreateTicketRequest } from '../../shared/contracts/ticket.js';
import { connect, createTicket, login, nextEvent, request, type TestSocket } from './clients.js';
import { waitFor } from './wait.js';

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

/**
 * The call's teller hands it to `to`, the customer agrees, and `to` takes it:
 * the whole transfer through the sockets. Answers the transfer's id and the new teller's call view.
 */
export async function transferCall(
  call: ConnectedCall,
  to: { socket: TestSocket; tellerId: string },
  reason = 'Cantonese speaker needed',
): Promise<{ transferId: string; call: CallView }> {
  const { callId } = call.tellerCall;
  const transfer = await request(call.teller, 'call:transfer', {
    callId,
    target: { kind: 'teller', tellerId: to.tellerId },
    reason,
  });
  await request(call.customer, 'transfer:respond', { callId, transferId: transfer.transferId, accept: true });
  await waitFor(async () => (await request(to.socket, 'teller:state', {})).offer !== null);
  const offer = (await request(to.socket, 'teller:state', {})).offer!;
  return {
    transferId: transfer.transferId,
    call: await request(to.socket, 'offer:accept', { ticketId: offer.ticketId }),
  };
}
