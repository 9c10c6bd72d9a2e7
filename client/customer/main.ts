import { CallStage } from '../call/call-stage.js';
import { LocalMedia } from '../call/local-media.js';
import { $, byTestId, showScreen } from '../common/dom.js';
import { applyTranslations, mountLanguageSwitch, setText } from '../common/i18n.js';
import { StatusLine } from '../common/status-line.js';
import { ChatPanel } from '../chat/chat-panel.js';
import { ElderlyMode } from './elderly-mode.js';
import { FaceChallengePanel } from './face-challenge.js';
import { JoinForm } from './join-form.js';
import { LocationConsent } from './location-consent.js';
import { mediaHelpKey } from './media-help.js';
import { PrecallCheck } from './precall-check.js';
import { ReferencePhotoPanel } from './reference-photo.js';
import { loadTicketToken, saveTicketToken } from './ticket-store.js';
import { TransferConsent } from './transfer-consent.js';
import { Visit, type VisitOutcome } from './visit.js';
import type { TicketView } from '../../shared/contracts/ticket.js';

applyTranslations();
mountLanguageSwitch($('[data-slot=lang]'));

const elderly = new ElderlyMode(byTestId<HTMLButtonElement>('elderly-mode'));
const status = new StatusLine(byTestId('status-line'));
const consent = new TransferConsent(status);
const local = new LocalMedia();
const stage = new CallStage($('[data-slot=stage]'), local, status);
const face = new FaceChallengePanel(local, () => elderly.enabled);
const reference = new ReferencePhotoPanel(local, status);
const precall = new PrecallCheck(byTestId('precall-check'), local);
const chat = new ChatPanel($('[data-slot=chat]'), { self: 'customer', status });
const locationConsent = new LocationConsent($('[data-screen=call] .call-header'), status);
const mediaBlocked = byTestId('media-blocked');
let visit: Visit | null = null;

const hangUp = stage.addEndButton('hang-up', 'call.hangUp');

const form = new JoinForm($<HTMLFormElement>('[data-screen=form] form'), status, {
  onJoined: (response) => startVisit(response.ticketToken, response.ticket),
  onElderlyId: () => elderly.suggest(),
  mediaReady: async () => {
    try {
      await local.acquire();
      mediaBlocked.hidden = true;
      return true;
    } catch (error) {
      console.warn(error);
      showMediaBlocked();
      return false;
    }
  },
});

/** Why the join stopped, and how to allow the camera and microphone in this browser. */
function showMediaBlocked(): void {
  setText(byTestId('media-help'), mediaHelpKey(navigator.userAgent));
  mediaBlocked.hidden = false;
  mediaBlocked.scrollIntoView({ block: 'center' });
}

function startVisit(token: string, ticket?: TicketView): void {
  saveTicketToken(token);
  const onElderly = (): void => elderly.suggest();
  const deps = {
    status,
    local,
    stage,
    consent,
    face,
    reference,
    precall,
    location: locationConsent,
    chat,
    onElderly,
    onFinished,
  };
  visit = new Visit(token, deps, ticket);
}

function onFinished(outcome: VisitOutcome): void {
  visit = null;
  hangUp.disabled = false;
  if (hangUpDialog.open) hangUpDialog.close();
  elderly.forgetRefusal();
  if (outcome === 'ended') return;
  form.reset();
  showScreen('form');
  if (outcome === 'media') {
    showMediaBlocked();
    status.error('media.lostWhileWaiting');
  } else status.info(outcome === 'left' ? 'waiting.left' : 'form.expired');
}

// An accidental tap (an elderly customer's, a pocket's) must not end the service: hanging up asks first.
const hangUpDialog = byTestId<HTMLDialogElement>('hang-up-dialog');
hangUp.addEventListener('click', () => {
  if (!hangUpDialog.open) hangUpDialog.showModal();
});
byTestId('hang-up-cancel', hangUpDialog).addEventListener('click', () => hangUpDialog.close());
byTestId('hang-up-confirm', hangUpDialog).addEventListener('click', () => {
  hangUpDialog.close();
  hangUp.disabled = true;
  void visit?.hangUp().finally(() => {
    hangUp.disabled = false;
  });
});
byTestId('leave-queue').addEventListener('click', () => void visit?.leave());
byTestId('start-again').addEventListener('click', () => {
  form.reset();
  status.clear();
  showScreen('form');
});

const stored = loadTicketToken();
if (stored) startVisit(stored);
else showScreen('form');
