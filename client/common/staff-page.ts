import type { LoginResponse, StaffRole, StaffUser } from '../../shared/contracts/auth.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { callApi } from './api.js';
import { $, byTestId } from './dom.js';
import { applyTranslations, mountLanguageSwitch, type MessageKey } from './i18n.js';
import { LoginForm } from './staff-login.js';
import { clearSession, loadSession, saveSession } from './staff-session.js';
import { StatusLine } from './status-line.js';

/** What a staff page shows once signed in; closed on sign-out. */
export interface StaffScreen {
  close(): void;
}

export interface SignedIn {
  token: string;
  user: StaffUser | null;
  status: StatusLine;
  /** The server no longer accepts the session: back to the sign-in form, saying why. */
  expire: () => void;
}

export interface StaffPageOptions {
  roles: readonly StaffRole[];
  /** Said on the sign-in form to someone whose role cannot use the page. */
  wrongRole: MessageKey;
  open: (session: SignedIn) => StaffScreen;
  /** The page's status line, when it made one before (the teller's call stage reports into it). */
  status?: StatusLine;
}

/**
 * The frame every staff page shares (the teller's desk, the supervisor's
 * board, the auditor's replay): language switch, sign-in, the session kept
 * for the tab, the role check, sign-out.
 */
export function runStaffPage({ roles, wrongRole, open, ...options }: StaffPageOptions): void {
  applyTranslations();
  mountLanguageSwitch($('[data-slot=lang]'));
  const status = options.status ?? new StatusLine(byTestId('status-line'));
  const logout = byTestId<HTMLButtonElement>('logout');
  let screen: StaffScreen | null = null;
  let token: string | null = null;

  const allowed = (user: StaffUser | null): boolean => !!user && roles.includes(user.role);

  const login = new LoginForm($<HTMLFormElement>('[data-screen=login] form'), (response: LoginResponse) => {
    if (!allowed(response.user)) {
      // The server would refuse the page's requests anyway; say why here instead of failing later.
      endSession(response.token);
      login.show(wrongRole);
      return;
    }
    saveSession(response.token, response.user);
    signIn(response.token, response.user);
  });

  function showUser(user: StaffUser | null): void {
    byTestId('staff-name').textContent = user?.displayName ?? '';
    $('[data-slot=who]').hidden = !user;
    logout.hidden = !user && !token;
  }

  function signIn(sessionToken: string, user: StaffUser | null): void {
    token = sessionToken;
    showUser(user);
    status.clear();
    screen = open({ token: sessionToken, user, status, expire: () => signOut('login.expired') });
  }

  function signOut(message?: MessageKey): void {
    screen?.close();
    screen = null;
    token = null;
    clearSession();
    showUser(null);
    status.clear();
    login.show(message);
  }

  logout.addEventListener('click', () => {
    const sessionToken = token;
    signOut();
    if (sessionToken) endSession(sessionToken);
  });

  const stored = loadSession();
  if (stored && allowed(stored.user)) signIn(stored.token, stored.user);
  else login.show(stored ? wrongRole : undefined);
}

/** Best effort: the session is forgotten here whatever the server answers. */
function endSession(sessionToken: string): void {
  void callApi(restRoutes.logout, { token: sessionToken }).catch(() => undefined);
}
