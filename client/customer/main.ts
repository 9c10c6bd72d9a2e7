import '../common/no-eval.js';
import { CallStage } from '../call/call-stage.js';
import { LocalMedia } from '../call/local-media.js';
import { $, byTestId, showScreen } from '../common/dom.js';
import { applyTranslations, mountLanguageSwitch } from '../common/i18n.js';
import { StatusLine } from '../common/status-line.js';
import { ElderlyMode } from './elderly-mode.js';
import { FaceChallengePanel } from './face-challenge.js';
import { JoinForm } from './join-form.js';
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
const face = new FaceChallengePanel(local);
const reference = new ReferencePhotoPanel(local, status);
let visit: Visit | null = null;

const hangUp = stage.addEndButton('hang-up', 'call.hangUp');

const form = new JoinForm($<HTMLFormElement>('[data-screen=form] form'), status, {
  onJoined: (response) => startVisit(response.ticketToken, response.ticket),
  onElderlyId: () => elderly.suggest(),
});

function startVisit(token: string, ticket?: TicketView): void {
  saveTicketToken(token);
  const onElderly = (): void => elderly.suggest();
  visit = new Visit(token, { status, local, stage, consent, face, reference, onElderly, onFinished }, ticket);
}

function onFinished(outcome: VisitOutcome): void {
  visit = null;
  hangUp.disabled = false;
  elderly.forgetRefusal();
  if (outcome === 'ended') return;
  form.reset();
  showScreen('form');
  status.info(outcome === 'left' ? 'waiting.left' : 'form.expired');
}

hangUp.addEventListener('click', () => {
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
