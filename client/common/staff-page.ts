import type { StaffRole, StaffUser } from '../../shared/contracts/auth.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { callApi } from './api.js';
import { $, byTestId, showScreen } from './dom.js';
import { applyTranslations, mountLanguageSwitch, type MessageKey } from './i18n.js';
import { LoginForm } from './staff-login.js';
import { StatusLine } from './status-line.js';

/** What a staff page shows once signed in; closed on sign-out. */
export interface StaffScreen {
  close(): void;
}

/** A signed-in page's session: the server holds it, behind the HttpOnly cookie the browser sends. */
export interface SignedIn {
  user: StaffUser;
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
 * board, the auditor's replay): language switch, sign-in, the role check,
 * sign-out. A reload finds the session by asking the server who is signed in.
 */
export function runStaffPage({ roles, wrongRole, open, ...options }: StaffPageOptions): void {
  applyTranslations();
  mountLanguageSwitch($('[data-slot=lang]'));
  const status = options.status ?? new StatusLine(byTestId('status-line'));
  const logout = byTestId<HTMLButtonElement>('logout');
  let screen: StaffScreen | null = null;

  const allowed = (user: StaffUser): boolean => roles.includes(user.role);

  const login = new LoginForm($('[data-screen=login]'), {
    accepts: allowed,
    refused: () => {
      // The server would refuse the page's requests anyway; say why here instead of failing later.
      endSession();
      login.show(wrongRole);
    },
    signedIn: (user) => signIn(user),
  });

  function showUser(user: StaffUser | null): void {
    byTestId('staff-name').textContent = user?.displayName ?? '';
    $('[data-slot=who]').hidden = !user;
    logout.hidden = !user;
  }

  function signIn(user: StaffUser): void {
    showUser(user);
    status.clear();
    screen = open({ user, status, expire: () => signOut('login.expired') });
  }

  /** Closes the screen and everything it held; the sign-in form starts empty. */
  function signOut(message?: MessageKey): void {
    screen?.close();
    screen = null;
    showUser(null);
    status.clear();
    login.show(message);
  }

  logout.addEventListener('click', () => {
    signOut();
    endSession();
  });

  showUser(null);
  // Nothing shows until the server says whether this browser is signed in.
  showScreen('none');
  void callApi(restRoutes.me)
    .then(({ user }) => {
      if (allowed(user)) signIn(user);
      else login.show(wrongRole);
    })
    // 401: nobody is signed in here; anything else, the form lets them try.
    .catch(() => login.show());
}

/** Best effort: the page forgets the session whatever the server answers. */
function endSession(): void {
  void callApi(restRoutes.logout).catch(() => undefined);
}
