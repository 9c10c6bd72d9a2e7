import type { LoginResponse, StaffUser } from '../../shared/contracts/auth.js';
import { postJson } from '../common/api.js';
import { CallStage } from '../common/call-stage.js';
import { $, byTestId } from '../common/dom.js';
import { applyTranslations, mountLanguageSwitch, type MessageKey } from '../common/i18n.js';
import { LocalMedia } from '../common/local-media.js';
import { StatusLine } from '../common/status-line.js';
import { Desk } from './desk.js';
import { LoginForm } from '../common/staff-login.js';
import { clearSession, loadSession, saveSession } from '../common/staff-session.js';
import { TransferDialog } from './transfer-dialog.js';
import { TransferStatus } from './transfer-status.js';

applyTranslations();
mountLanguageSwitch($('[data-slot=lang]'));

const status = new StatusLine(byTestId('status-line'));
const local = new LocalMedia();
const stage = new CallStage($('[data-slot=stage]'), local, status);
const logout = byTestId<HTMLButtonElement>('logout');
let desk: Desk | null = null;
let token: string | null = null;

const endCall = stage.addEndButton('end-call', 'call.end');
const transferOpen = byTestId<HTMLButtonElement>('transfer-open');
// Between the media toggles and the red button, away from a slip of the finger.
stage.controls.insertBefore(transferOpen, endCall);
const transferDialog = new TransferDialog((transfer) => transferStatus.show(transfer));
const transferStatus = new TransferStatus(
  status,
  transferOpen,
  () => desk?.cancelTransfer() ?? Promise.resolve(),
);

const login = new LoginForm($<HTMLFormElement>('[data-screen=login] form'), (response: LoginResponse) => {
  saveSession(response.token, response.user);
  openDesk(response.token, response.user);
});

function showUser(user: StaffUser | null): void {
  byTestId('teller-name').textContent = user?.displayName ?? '';
  $('[data-slot=who]').hidden = !user;
  logout.hidden = !user && !token;
}

function openDesk(sessionToken: string, user: StaffUser | null): void {
  token = sessionToken;
  showUser(user);
  status.clear();
  desk = new Desk(sessionToken, {
    status,
    local,
    stage,
    transferDialog,
    transferStatus,
    onExpired: () => signOut('login.expired'),
  });
}

function signOut(message?: MessageKey): void {
  desk?.close();
  desk = null;
  token = null;
  clearSession();
  showUser(null);
  status.clear();
  login.show(message);
}

logout.addEventListener('click', () => {
  const sessionToken = token;
  signOut();
  // Best effort: the session is forgotten here whatever the server answers.
  if (sessionToken) void postJson('/api/auth/logout', {}, { token: sessionToken }).catch(() => undefined);
});

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-status]')) {
  const wanted = button.dataset.status === 'available' ? 'available' : 'away';
  button.addEventListener('click', () => void desk?.setStatus(wanted));
}

const accept = byTestId<HTMLButtonElement>('accept-offer');
accept.addEventListener('click', () => {
  accept.disabled = true;
  void desk?.accept().finally(() => {
    accept.disabled = false;
  });
});

const decline = byTestId<HTMLButtonElement>('decline-offer');
decline.addEventListener('click', () => {
  decline.disabled = true;
  void desk?.decline().finally(() => {
    decline.disabled = false;
  });
});

byTestId('become-available').addEventListener('click', () => void desk?.setStatus('available'));
transferOpen.addEventListener('click', () => desk?.openTransfer());

endCall.addEventListener('click', () => {
  endCall.disabled = true;
  void desk?.hangUp().finally(() => {
    endCall.disabled = false;
  });
});

const stored = loadSession();
if (stored) openDesk(stored.token, stored.user);
else login.show();
