import type { AuditCallDetail, AuditDecisionView } from '../../shared/contracts/auditor.js';
import { setCatalogText } from '../common/catalog-labels.js';
import { byTestId } from '../common/dom.js';
import { element } from '../common/elements.js';
import { setText, t, type MessageKey } from '../common/i18n.js';
import type { StatusLine } from '../common/status-line.js';
import type { AuditApi } from './audit-api.js';
import { dateTime } from '../common/institution-time.js';
import { mediaClock } from './audit-format.js';
import { DecisionPanel } from './decision-panel.js';
import { callLength } from './playback-timeline.js';
import { outcomeView } from './outcome-view.js';
import { recordingChip } from './status-chip.js';
import { SyncedPlayer } from './synced-player.js';
import { renderTimeline } from './timeline-view.js';
import { VerifyPanel } from './verify-panel.js';
import { renderChatTranscript } from './chat-transcript.js';

/** Why a call has nothing to replay, or what to know before replaying it. */
function recordingNote(call: AuditCallDetail): MessageKey | null {
  if (!call.recording || call.recordingStatus === 'none') return 'auditor.note.none';
  if (call.recordingStatus === 'purged') return 'auditor.note.purged';
  if (call.recordingStatus === 'recording') return 'auditor.note.recording';
  if (call.recording.interrupted || call.recordingStatus === 'interrupted') return 'auditor.note.interrupted';
  if (call.recording.tracks.length === 0) return 'auditor.note.none';
  return null;
}

/** One opened call: its facts, the synchronized replay, its events, verification and the decision. */
export class CallView {
  private readonly root = byTestId('call-detail');
  private readonly verify: VerifyPanel;
  private readonly decision: DecisionPanel;
  private player: SyncedPlayer | null = null;
  private opened: string | null = null;

  constructor(
    private readonly api: AuditApi,
    /** Only auditors decide; supervisors replay and verify. */
    private readonly canDecide: boolean,
    private readonly status: StatusLine,
    onDecided: (callId: string, decision: AuditDecisionView) => void,
    onClose: () => void,
  ) {
    this.verify = new VerifyPanel(status);
    this.decision = new DecisionPanel(status, (view) => {
      if (this.opened) onDecided(this.opened, view);
    });
    byTestId('close-call').addEventListener('click', () => {
      this.close();
      onClose();
    });
  }

  get callId(): string | null {
    return this.opened;
  }

  async open(callId: string): Promise<void> {
    const call = await this.api.detail(callId);
    this.close();
    this.opened = callId;
    this.render(call);
    this.root.hidden = false;
    const title = byTestId('call-title');
    title.scrollIntoView({ block: 'start' });
    title.focus({ preventScroll: true });
  }

  close(): void {
    this.player?.close();
    this.player = null;
    this.opened = null;
    this.root.hidden = true;
  }

  private render(call: AuditCallDetail): void {
    this.root.dataset.callId = call.callId;
    const title = byTestId('call-title');
    setText(title, 'auditor.callTitle', { at: dateTime(call.startedAt) });
    this.renderFacts(call);

    const note = byTestId('recording-note');
    const noteKey = recordingNote(call);
    note.hidden = noteKey === null;
    if (noteKey) setText(note, noteKey);

    const tracks = call.recordingStatus === 'purged' ? [] : (call.recording?.tracks ?? []);
    const lengthMs = callLength(
      call.durationMs,
      tracks,
      call.events.map((e) => e.offsetMs),
    );
    const playerRoot = byTestId('player');
    playerRoot.hidden = tracks.length === 0;
    if (tracks.length > 0) this.player = new SyncedPlayer(playerRoot, tracks, lengthMs);
    // Without a recording the events still tell what happened; they just seek nothing.
    renderTimeline(this.root, call.events, lengthMs, (ms) => this.player?.seek(ms));
    byTestId('events-empty').hidden = call.events.length > 0;
    renderChatTranscript(call.callId, call.events, this.status);

    const record = byTestId<HTMLAnchorElement>('download-record');
    record.hidden = !call.recordUrl;
    if (call.recordUrl) record.href = call.recordUrl;
    else record.removeAttribute('href');

    this.verify.reset(() => this.api.verify(call.callId));
    this.decision.show(
      call,
      this.canDecide
        ? {
            decide: (input) => this.api.decide(call.callId, input),
            reload: () => this.api.detail(call.callId),
          }
        : null,
    );
  }

  private renderFacts(call: AuditCallDetail): void {
    const facts: [MessageKey, Node | string][] = [];
    const service = element('span');
    setCatalogText(service, 'service', call.serviceId);
    facts.push(['auditor.service', service]);
    facts.push([
      'auditor.teller',
      call.tellers
        .map((teller) => `${teller.displayName} (${teller.username})`)
        .join(t('auditor.listSeparator')),
    ]);
    facts.push(['auditor.customer', `${call.customerNameMasked} · ${call.customerIdMasked}`]);
    facts.push(['auditor.startedAt', dateTime(call.startedAt)]);
    if (call.durationMs !== null) facts.push(['auditor.duration', mediaClock(call.durationMs)]);
    facts.push(['auditor.recording', recordingChip(call.recordingStatus)]);
    const manifest = call.recording?.manifestSha256;
    if (manifest) {
      const hash = element('code');
      hash.className = 'hash';
      hash.title = manifest;
      hash.textContent = `${manifest.slice(0, 16)}…`;
      facts.push(['auditor.manifestHash', hash]);
    }
    byTestId('outcome-slot').replaceChildren(outcomeView(call, { withEnd: true }));
    byTestId('call-facts').replaceChildren(
      ...facts.flatMap(([key, value]) => {
        const dd = element('dd');
        dd.append(value);
        return [element('dt', key), dd];
      }),
    );
  }
}
