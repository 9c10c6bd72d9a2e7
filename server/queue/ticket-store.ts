import type { Db } from '../platform/database/database.js';

import type { PriorityClass } from '../../shared/domain/priority.js';

export type TicketStatus = 'waiting' | 'offered' | 'in_call' | 'ended' | 'left';
/** Why a ticket left the line unserved: the customer said so, or their page was gone too long. */
export type LeftReason = 'customer' | 'abandoned';

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
  priority: PriorityClass;
  mandarinFallback: boolean;
  answeredAt: number | null;
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
  priority: PriorityClass;
  mandarin_fallback: number;
  answered_at: number | null;
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
  priority: r.priority,
  mandarinFallback: r.mandarin_fallback === 1,
  answeredAt: r.answered_at,
});

export class TicketStore {
  constructor(private readonly db: Db) {}

  insert(t: Ticket): void {
    this.db
      .prepare(
        `INSERT INTO tickets (id, full_name, id_type, id_number, birth_date, phone, service_id, language,
          ui_locale, status, joined_at, consent_at, closed_at, priority, mandarin_fallback)
         VALUES (@id, @fullName, @idType, @idNumber, @birthDate, @phone, @serviceId, @language,
          @uiLocale, @status, @joinedAt, @consentAt, @closedAt, @priority, @mandarinFallback)`,
      )
      .run({ ...t, mandarinFallback: t.mandarinFallback ? 1 : 0 });
  }

  find(id: string): Ticket | undefined {
    const row = this.db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as TicketRow | undefined;
    return row && toTicket(row);
  }

  setStatus(id: string, status: TicketStatus, closedAt: number | null = null): void {
    this.db.prepare('UPDATE tickets SET status = ?, closed_at = ? WHERE id = ?').run(status, closedAt, id);
  }

  markAnswered(id: string, at: number): void {
    this.db.prepare("UPDATE tickets SET status = 'in_call', answered_at = ? WHERE id = ?").run(at, id);
  }

  markLeft(id: string, at: number, reason: LeftReason): void {
    this.db
      .prepare("UPDATE tickets SET status = 'left', closed_at = ?, left_reason = ? WHERE id = ?")
      .run(at, reason, id);
  }

  /** Tickets still in line (waiting or offered), oldest first. */
  listQueued(): Ticket[] {
    const rows = this.db
      .prepare("SELECT * FROM tickets WHERE status IN ('waiting', 'offered') ORDER BY joined_at, rowid")
      .all() as TicketRow[];
    return rows.map(toTicket);
  }
}
