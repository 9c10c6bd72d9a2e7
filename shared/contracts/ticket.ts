import { z } from 'zod';
import { SERVICE_IDS } from '../catalog/services.js';
import { SERVICE_LANGUAGE_IDS, UI_LOCALES } from '../catalog/languages.js';
import { validateResidentId } from '../domain/resident-id.js';

export const ID_TYPES = ['cn-resident', 'passport', 'other'] as const;

/** POST /api/tickets: what the customer page sends to join the queue. */
export const createTicketRequestSchema = z
  .object({
    fullName: z.string().trim().min(1, 'code:required').max(100, 'code:too_long'),
    idType: z.enum(ID_TYPES),
    idNumber: z.string().trim().min(1, 'code:required').max(40, 'code:too_long'),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 -]{5,19}$/, 'code:phone_format'),
    serviceId: z.enum(SERVICE_IDS),
    language: z.enum(SERVICE_LANGUAGE_IDS),
    uiLocale: z.enum(UI_LOCALES).default('zh-CN'),
    consentRecording: z.literal(true, 'code:consent_required'),
    /** For a dialect: the customer accepts a Mandarin-speaking teller if none of theirs answers in time. */
    mandarinFallback: z.boolean().default(false),
  })
  .superRefine(
    (value, ctx) => {
      if (value.idType !== 'cn-resident') return;
      const result = validateResidentId(value.idNumber);
      if (!result.valid) {
        ctx.addIssue({ code: 'custom', path: ['idNumber'], message: `code:id_${result.problem}` });
      }
    },
    // Check the ID number even when other fields are wrong, so every problem shows at once.
    {
      when: (payload) => !payload.issues.some((i) => i.path?.[0] === 'idType' || i.path?.[0] === 'idNumber'),
    },
  );
export type CreateTicketRequest = z.input<typeof createTicketRequestSchema>;

export const ticketViewSchema = z.object({
  ticketId: z.string(),
  serviceId: z.string(),
  language: z.string(),
  status: z.enum(['waiting', 'offered', 'in_call', 'ended', 'left']),
  /**
   * Whether the customer is served as elderly (their own ID number says so; it turns on the
   * elderly page). A VIP flag is the institution's and is never shown to the customer.
   */
  elderly: z.boolean(),
  position: z.number().int().nullable(),
  /** Null while nobody who could serve the ticket is working. */
  estimatedWaitMs: z.number().nullable(),
  callId: z.string().nullable(),
});
export type TicketView = z.infer<typeof ticketViewSchema>;

export const createTicketResponseSchema = z.object({
  ticketToken: z.string(),
  ticket: ticketViewSchema,
});
export type CreateTicketResponse = z.infer<typeof createTicketResponseSchema>;
