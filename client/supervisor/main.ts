import type { LoginResponse, StaffUser } from '../../shared/contracts/auth.js';
import { postJson } from '../common/api.js';
import { $, byTestId } from '../common/dom.js';
import { applyTranslations, mountLanguageSwitch, type MessageKey } from '../common/i18n.js';
import { LoginForm } from '../common/staff-login.js';
import { clearSession, loadSession, saveSession } from '../common/staff-session.js';
import { StatusLine } from '../common/status-line.js';
import { Board } from './board.js';

applyTranslations();
mountLanguageSwitch($('[data-slot=lang]'));

const status = new StatusLine(byTestId('status-line'));
const logout = byTestId<HTMLButtonElement>('logout');
let board: Board | null = null;
let token: string | null = null;

const login = new LoginForm($<HTMLFormElement>('[data-screen=login] form'), (response: LoginResponse) => {
  if (response.user.role !== 'supervisor') {
    // The server would refuse the board anyway; say why here instead of failing later.
    endSession(response.token);
    login.show('supervisor.notSupervisor');
    return;
  }
  saveSession(response.token, response.user);
  openBoard(response.token, response.user);
});

function showUser(user: StaffUser | null): void {
  byTestId('staff-name').textContent = user?.displayName ?? '';
  $('[data-slot=who]').hidden = !user;
  logout.hidden = !user && !token;
}

function openBoard(sessionToken: string, user: StaffUser | null): void {
  token = sessionToken;
  showUser(user);
  status.clear();
  board = new Board(sessionToken, status, () => signOut('login.expired'));
}

function signOut(message?: MessageKey): void {
  board?.close();
  board = null;
  token = null;
  clearSession();
  showUser(null);
  status.clear();
  login.show(message);
}

/** Best effort: the session is forgotten here whatever the server answers. */
function endSession(sessionToken: string): void {
  void postJson('/api/auth/logout', {}, { token: sessionToken }).catch(() => undefined);
}

logout.addEventListener('click', () => {
  const sessionToken = token;
  signOut();
  if (sessionToken) endSession(sessionToken);
});

const stored = loadSession();
if (stored && stored.user?.role === 'supervisor') openBoard(stored.token, stored.user);
else login.show(stored ? 'supervisor.notSupervisor' : undefined);
