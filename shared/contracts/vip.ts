import { z } from 'zod';
import { ID_TYPES } from './ticket.js';

/** PUT and DELETE /api/vip-customers: one customer's ID document. */
export const vipCustomerSchema = z.object({
  idType: z.enum(ID_TYPES),
  idNumber: z
    .string()
    .trim()
    .min(1, 'code:required')
    .max(40, 'code:too_long')
    .transform((id) => id.toUpperCase()),
  note: z.string().trim().max(200, 'code:too_long').default(''),
});
export type VipCustomer = z.input<typeof vipCustomerSchema>;
