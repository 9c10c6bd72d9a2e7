import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, createTicket, login, request, type TestSocket } from '../support/clients.js';
import { setUpCall } from '../support/call-setup.js';
import { kill, spawnServer } from '../support/server-process.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

const NORMAL = { idType: 'passport', idNumber: 'E7654321' } as const;

describe('the queue across a crash', () => {
  it('gives every reconnecting customer its place back and closes the calls the killed process left open', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-crash-'));
    const first = await spawnServer(dataDir);
    const port = new URL(first.url).port;
    let second: TestServer | undefined;
    const pages: TestSocket[] = [];
    try {
      // teller1 is busy in a call, so the others wait in line.
      const call = await setUpCall(first, 'teller1');
      const joins = [
        { ...NORMAL, fullName: 'Normal Mandarin' },
        { fullName: 'Elderly Mandarin' },
        { ...NORMAL, fullName: 'Normal Cantonese', language: 'yue' as const },
        { ...NORMAL, fullName: 'Second Normal Mandarin' },
      ];
      const customers: { ticketId: string; socket: TestSocket; before?: unknown }[] = [];
      for (const join of joins) {
        const { ticketToken, ticket } = await createTicket(first, join);
        const socket = await connect(first, { ticketToken }, { reconnect: true });
        pages.push(socket);
        customers.push({ ticketId: ticket.ticketId, socket });
      }
      for (const c of customers) {
        const { ticket } = await request(c.socket, 'ticket:status', {});
        c.before = { position: ticket.position, elderly: ticket.elderly };
      }
      expect(customers.map((c) => c.before)).toEqual([
        { position: 2, elderly: false },
        { position: 1, elderly: true },
        { position: 1, elderly: false },
        { position: 3, elderly: false },
      ]);

      expect(await kill(first, 'SIGKILL')).toBeNull();
      call.customer.close();
      call.teller.close();
      second = await startTestServer({ SKYTELLER_PORT: port }, { dataDir });
      expect(second.queue.line.waitingCount).toBe(4);

      // The pages reconnect by themselves, with their ticket tokens, and find their places.
      await waitFor(() => pages.every((p) => p.connected), 20_000);
      for (const c of customers) {
        const { ticket } = await request(c.socket, 'ticket:status', {});
        expect({ ticketId: ticket.ticketId, status: ticket.status }).toEqual({
          ticketId: c.ticketId,
          status: 'waiting',
        });
        expect({ position: ticket.position, elderly: ticket.elderly }).toEqual(c.before);
      }
      const ended = await second.kysely
        .selectFrom('calls')
        .select('end_reason')
        .where('id', '=', call.tellerCall.callId)
        .executeTakeFirst();
      expect(ended).toEqual({ end_reason: 'server_shutdown' });

      // teller1 was available when the server died: back at its desk, it is offered the elderly customer first.
      const { token } = await login(second, 'teller1');
      const desk = await connect(second, { token });
      pages.push(desk);
      const state = await request(desk, 'teller:state', {});
      expect(state).toMatchObject({ status: 'offered', offer: { fullName: 'Elderly Mandarin' } });
    } finally {
      for (const p of pages) p.close();
      await kill(first, 'SIGKILL');
      await second?.close();
    }
  });
});
