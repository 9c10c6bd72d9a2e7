import type { StaffRole } from '../../../shared/contracts/auth.js';

/**
 * Who can hold a permission. A role holds it everywhere. A side of a call
 * holds it only for its own call (or ticket): `call.customer` is the customer
 * whose ticket it is, `call.teller` a teller who serves it, `call.supervisor`
 * a supervisor monitoring it now (listen, whisper or barge). `api_key` is an
 * institution's system calling with a key: it holds a permission only when
 * one of the key's scopes grants it (api-key-scopes.ts).
 */
export type RoleHolder = 'customer' | StaffRole | 'api_key';
export type SideHolder = 'call.customer' | 'call.teller' | 'call.supervisor';
export type Holder = RoleHolder | SideHolder;

/**
 * The one table of who may do what. Routes and socket handlers name a
 * permission; nothing else in the server lists roles.
 */
export const PERMISSIONS = {
  /** Wait in line on one's own ticket: its status, leaving the line. */
  'queue.wait': ['customer'],
  /** Serve the line: presence, offers, the colleagues a call may go to, the node to take calls on. */
  'queue.serve': ['teller'],
  /** Be in a call in progress: its media, hanging up, uploading its documents. */
  'call.take_part': ['call.customer', 'call.teller'],
  /** Screen share: show the customer one's screen or a window, as a media producer of its own. */
  'call.share_screen': ['call.teller'],
  /** Send and receive a call's media: its sides, and a supervisor monitoring it (what it may send, its mode says). */
  'call.media': ['call.customer', 'call.teller', 'call.supervisor'],
  /** Listen in on a call in progress, whisper to its teller, or barge in: supervisors only. */
  'call.monitor': ['supervisor'],
  /** Hand one's call over to a colleague, or withdraw that. */
  'call.transfer': ['call.teller'],
  /** Agree to or refuse the hand-over of one's call. */
  'call.transfer_consent': ['call.customer'],
  /** List one's own calls of the day, with their outcomes and records (a teller's history). */
  'calls.history_own': ['teller'],
  /** Read a call afterwards: its signed record. */
  'call.read': ['call.customer', 'call.teller', 'supervisor', 'auditor'],
  /** Follow the guided service as it goes. */
  'service.follow': ['call.customer', 'call.teller'],
  /** Lead the guided service: push, confirm and correct steps, ask for the signature, complete. */
  'service.drive': ['call.teller'],
  /** Answer the guided service: fill in steps, withdraw, sign. */
  'service.answer': ['call.customer'],
  'service.rate': ['call.customer'],
  /** Give the customer's reference photo: the customer on its ticket, the teller on file. */
  'face.reference.upload': ['call.customer', 'call.teller'],
  /** Keep the institution's reference photo on file for an ID: its own systems, or an admin. */
  'face.reference.file': ['admin', 'api_key'],
  /** See a call's reference photo; never the customer side, so a stolen ticket token yields no ID photo. */
  'face.review': ['call.teller', 'supervisor', 'auditor'],
  /** Start a face check and decide one in the review band. */
  'face.check': ['call.teller'],
  /** Send the frames a face check asked for. */
  'face.frames': ['call.customer'],
  // In-call chat (server/chat): write and read it while the call goes on; its files afterwards too.
  'chat.send': ['call.customer', 'call.teller'],
  /** A chat file of a call: its customer and tellers, and auditors (each staff read goes to the audit chain). */
  'chat.file_read': ['call.customer', 'call.teller', 'auditor'],
  /** The institution's list of quick replies. */
  'chat.quick_replies': ['teller'],
  /** Location: the customer's page reports where it is at call start; the call's teller is shown it. */
  'location.report': ['call.customer'],
  'location.view': ['call.teller'],
  'supervisor.board': ['supervisor'],
  /** Search, open and re-verify calls; verify the audit chain. */
  'audit.read': ['auditor', 'supervisor'],
  'audit.decide': ['auditor'],
  'recording.read': ['auditor', 'supervisor'],
  'vip.manage': ['admin', 'supervisor'],
  /** Check a signed record's signature: staff, and systems whose key has the `records.verify` scope. */
  'record.verify': ['teller', 'supervisor', 'auditor', 'admin', 'api_key'],
  /** List, create, edit, disable, enable and unlock staff accounts; reset their passwords. */
  'admin.staff': ['admin'],
  /** Issue, list and revoke the institution's API keys. */
  'admin.api_keys': ['admin'],
  // Cluster (issue 16): the nodes of the deployment, their load and which one leads the queue.
  'cluster.read': ['supervisor', 'admin'],
  /** Ask who one is signed in as. */
  'staff.session': ['teller', 'supervisor', 'auditor', 'admin'],
} as const satisfies Record<string, readonly Holder[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Permissions a side of a call holds: checked against that call's parties. */
export type CallPermission = {
  [P in Permission]: Extract<(typeof PERMISSIONS)[P][number], SideHolder> extends never ? never : P;
}[Permission];

/** The side of a call that members of a role can be: customers are a call's customer, tellers its teller. */
export const SIDE_OF_ROLE: Partial<Record<RoleHolder, SideHolder>> = {
  customer: 'call.customer',
  teller: 'call.teller',
  supervisor: 'call.supervisor',
};
