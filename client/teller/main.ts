import { CallStage } from '../call/call-stage.js';
import { LocalMedia } from '../call/local-media.js';
import { $, byTestId } from '../common/dom.js';
import { runStaffPage } from '../common/staff-page.js';
import { StatusLine } from '../common/status-line.js';
import { EndCallDialog } from './end-call-dialog.js';
import { TellerScreen } from './teller-screen.js';
import { TransferDialog } from './transfer-dialog.js';
import { TransferStatus } from './transfer-status.js';

const status = new StatusLine(byTestId('status-line'));
const local = new LocalMedia();
const stage = new CallStage($('[data-slot=stage]'), local, status);
let screen: TellerScreen | null = null;

const endCall = stage.addEndButton('end-call', 'call.end');
stage.addShareButton(endCall);
const transferOpen = byTestId<HTMLButtonElement>('transfer-open');
// Between the media toggles and the red button, away from a slip of the finger.
stage.controls.insertBefore(transferOpen, endCall);
const transferDialog = new TransferDialog((transfer) => transferStatus.show(transfer));
const transferStatus = new TransferStatus(
  status,
  transferOpen,
  () => screen?.cancelTransfer() ?? Promise.resolve(),
);

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-status]')) {
  const wanted = button.dataset.status === 'available' ? 'available' : 'away';
  button.addEventListener('click', () => void screen?.setStatus(wanted));
}

const accept = byTestId<HTMLButtonElement>('accept-offer');
accept.addEventListener('click', () => {
  accept.disabled = true;
  void screen?.accept().finally(() => {
    accept.disabled = false;
  });
});

const decline = byTestId<HTMLButtonElement>('decline-offer');
decline.addEventListener('click', () => {
  decline.disabled = true;
  void screen?.decline().finally(() => {
    decline.disabled = false;
  });
});

byTestId('become-available').addEventListener('click', () => void screen?.setStatus('available'));
transferOpen.addEventListener('click', () => screen?.openTransfer());

const endCallDialog = new EndCallDialog(async () => {
  endCall.disabled = true;
  await (screen?.hangUp() ?? Promise.resolve()).finally(() => {
    endCall.disabled = false;
  });
});
endCall.addEventListener('click', () => endCallDialog.open());

runStaffPage({
  roles: ['teller'],
  wrongRole: 'teller.notTeller',
  status,
  open: ({ expire }) => {
    screen = new TellerScreen({
      status,
      local,
      stage,
      transferDialog,
      transferStatus,
      endCallDialog,
      onExpired: expire,
    });
    return {
      close: () => {
        endCallDialog.close();
        screen?.close();
        screen = null;
      },
    };
  },
});
