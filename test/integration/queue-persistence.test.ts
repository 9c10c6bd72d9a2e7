import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, createTicket, request } from '../support/clients.js';
import { setUpCall } from '../support/call-setup.js';
import { kill, spawnServer } from '../support/server-process.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('the FIFO queue across a crash', () => {
  it('keeps waiting customers in their places and closes the calls the killed process left open', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-crash-'));
    const first = await spawnServer(dataDir);
    let second: TestServer | undefined;
    try {
      const call = await setUpCall(first);
      const a = await createTicket(first, { fullName: 'First In Line' });
      const b = await createTicket(first, { fullName: 'Second In Line' });
      expect(await kill(first, 'SIGKILL')).toBeNull();
      call.customer.close();
      call.teller.close();

      second = await startTestServer({}, { dataDir });
      expect(second.counter.waitingCount).toBe(2);
      // The customer's page reconnects with the same ticket token and finds its place.
      const socket = await connect(second, { ticketToken: b.ticketToken });
      const status = await request(socket, 'ticket:status', {});
      socket.close();
      expect(status.ticket).toMatchObject({ ticketId: b.ticket.ticketId, status: 'waiting', position: 2 });
      expect(second.counter.ticketView(a.ticket.ticketId).position).toBe(1);
      const ended = second.db
        .prepare('SELECT end_reason FROM calls WHERE id = ?')
        .get(call.tellerCall.callId);
      expect(ended).toEqual({ end_reason: 'server_shutdown' });
    } finally {
      await kill(first, 'SIGKILL');
      await second?.close();
    }
  });
});
