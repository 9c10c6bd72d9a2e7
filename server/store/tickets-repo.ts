import type { Db } from './database.js';

export type TicketStatus = 'waiting' | 'offered' | 'in_call' | 'ended' | 'left';

export interface Ticket {
  id: string;
  fullName: string;
  idType: string;
  idNumber: string;
  birthDate: string | null;
  phone: string;
  serviceId: string;
  language: string;
  uiLocale: string;
  status: TicketStatus;
  joinedAt: number;
  consentAt: number;
  closedAt: number | null;
}

interface TicketRow {
  id: string;
  full_name: string;
  id_type: string;
  id_number: string;
  birth_date: string | null;
  phone: string;
  service_id: string;
  language: string;
  ui_locale: string;
  status: TicketStatus;
  joined_at: number;
  consent_at: number;
  closed_at: number | null;
}

const toTicket = (r: TicketRow): Ticket => ({
  id: r.id,
  fullName: r.full_name,
  idType: r.id_type,
  idNumber: r.id_number,
  birthDate: r.birth_date,
  phone: r.phone,
  serviceId: r.service_id,
  language: r.language,
  uiLocale: r.ui_locale,
  status: r.status,
  joinedAt: r.joined_at,
  consentAt: r.consent_at,
  closedAt: r.closed_at,
});

export class TicketsRepo {
  constructor(private readonly db: Db) {}

  insert(t: Ticket): void {
    this.db
      .prepare(
        `INSERT INTO tickets (id, full_name, id_type, id_number, birth_date, phone, service_id, language,
          ui_locale, status, joined_at, consent_at, closed_at)
         VALUES (@id, @fullName, @idType, @idNumber, @birthDate, @phone, @serviceId, @language,
          @uiLocale, @status, @joinedAt, @consentAt, @closedAt)`,
      )
      .run(t);
  }

  find(id: string): Ticket | undefined {
    const row = this.db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as TicketRow | undefined;
    return row && toTicket(row);
  }

  setStatus(id: string, status: TicketStatus, closedAt: number | null = null): void {
    this.db.prepare('UPDATE tickets SET status = ?, closed_at = ? WHERE id = ?').run(status, closedAt, id);
  }

  /** Tickets still in line (waiting or offered), oldest first. */
  listQueued(): Ticket[] {
    const rows = this.db
      .prepare("SELECT * FROM tickets WHERE status IN ('waiting', 'offered') ORDER BY joined_at, rowid")
      .all() as TicketRow[];
    return rows.map(toTicket);
  }
}
