import type { Db } from '../platform/database/database.js';

/** Customers the institution serves with VIP priority, by their ID document. */
export class VipStore {
  constructor(private readonly db: Db) {}

  isVip(idType: string, idNumber: string): boolean {
    return !!this.db
      .prepare('SELECT 1 FROM vip_customers WHERE id_type = ? AND id_number = ?')
      .get(idType, idNumber);
  }

  add(entry: { idType: string; idNumber: string; note: string; addedBy: string; at: number }): void {
    this.db
      .prepare(
        `INSERT INTO vip_customers (id_type, id_number, note, added_by, added_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id_type, id_number) DO UPDATE SET note = excluded.note`,
      )
      .run(entry.idType, entry.idNumber, entry.note, entry.addedBy, entry.at);
  }

  /** True when there was such an entry. */
  remove(idType: string, idNumber: string): boolean {
    return (
      this.db.prepare('DELETE FROM vip_customers WHERE id_type = ? AND id_number = ?').run(idType, idNumber)
        .changes > 0
    );
  }
}
