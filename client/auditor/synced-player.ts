import type { PlaybackTrack } from '../../shared/contracts/auditor.js';
import { $, byTestId } from '../common/dom.js';
import { setText, t, type MessageKey } from '../common/i18n.js';
import { mediaClock } from './audit-format.js';
import { PlaybackClock } from './playback-clock.js';
import { PlaybackLane, type LaneState } from './playback-lane.js';
import {
  buildLanes,
  firstMediaMs,
  supervisorAt,
  type Lane,
  type LaneSegment,
  type SupervisorMode,
} from './playback-timeline.js';

const TICK_MS = 100;
/** How long the clock waits for a loading element before it plays on without it. */
const MAX_HOLD_MS = 3_000;
const KEY_STEP_MS = 5_000;

const NOTE_OF: Record<Exclude<LaneState, 'media'>, MessageKey> = {
  empty: 'auditor.noVideo',
  unplayable: 'auditor.cannotPlayCodec',
  unreadable: 'auditor.cannotReadFile',
};

const SUPERVISOR_MODE_TEXT = {
  absent: 'auditor.supervisorAbsent',
  whisper: 'auditor.supervisorWhisper',
  barge: 'auditor.supervisorBarge',
} as const satisfies Record<string, MessageKey>;

/**
 * What the supervisor was doing at this moment of the replay: whispering (the
 * customer never heard it), in the call, or silent. Marked on the figure too.
 */
function showSupervisorMode(side: HTMLElement, mode: SupervisorMode, segment: LaneSegment | null): void {
  if (side.dataset.mode !== mode) side.dataset.mode = mode;
  const key = SUPERVISOR_MODE_TEXT[mode];
  const slot = $('[data-slot=mode]', side);
  if (slot.dataset.i18n !== key) setText(slot, key);
  const name = $('[data-slot=name]', side);
  if (segment && name.textContent !== segment.displayName) name.textContent = segment.displayName;
}

/**
 * Both sides of a recorded call (and a screen shared in it, and a supervisor's whisper or barge),
 * played from one control. The master clock
 * says where the call is; every tick each lane's element is brought there.
 * Audio files are separate from video: hidden audio elements follow the same
 * clock.
 */
export class SyncedPlayer {
  private readonly clock: PlaybackClock;
  private readonly lanes: PlaybackLane[];
  private readonly laneModels: readonly Lane[];
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly playButton: HTMLButtonElement;
  private readonly seekBar: HTMLInputElement;
  private readonly abort = new AbortController();
  private holdingSince: number | null = null;
  private patienceSpent = false;

  constructor(
    private readonly root: HTMLElement,
    tracks: readonly PlaybackTrack[],
    readonly lengthMs: number,
  ) {
    this.clock = new PlaybackClock(lengthMs, () => performance.now());
    this.clock.seek(firstMediaMs(tracks));
    const lanes = buildLanes(tracks, lengthMs);
    // The shared screen's and the supervisor's places show only for a call that had them.
    this.screen.hidden = !lanes.some((lane) => lane.source === 'screen');
    this.supervisor.hidden = !lanes.some((lane) => lane.side === 'supervisor');
    // Hidden until a barge's picture is due; the previous call's may have left it shown.
    $('[data-slot=frame]', this.supervisor).hidden = true;
    this.laneModels = lanes;
    this.lanes = lanes.map((lane) => this.laneFor(lane));
    this.playButton = byTestId<HTMLButtonElement>('play-pause', root);
    this.seekBar = byTestId<HTMLInputElement>('seek', root);
    this.seekBar.max = String(lengthMs);
    this.bindControls();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.tick();
  }

  get positionMs(): number {
    return this.clock.positionMs;
  }

  /** Moves both sides to `ms` of the call, playing on if they were playing. */
  seek(ms: number): void {
    this.clock.seek(ms);
    for (const lane of this.lanes) lane.seekExactly();
    this.tick();
  }

  close(): void {
    this.screen.hidden = true;
    this.supervisor.hidden = true;
    clearInterval(this.timer);
    this.abort.abort();
    for (const lane of this.lanes) lane.close();
  }

  private get screen(): HTMLElement {
    return $('[data-side=screen]', this.root);
  }

  private get supervisor(): HTMLElement {
    return $('[data-side=supervisor]', this.root);
  }

  private laneFor(lane: Lane): PlaybackLane {
    const place = lane.source ?? lane.side;
    const side = $(`[data-side=${place}]`, this.root);
    const element = byTestId<HTMLMediaElement>(
      lane.kind === 'video' ? `playback-${place}` : `playback-${place}-audio`,
      side,
    );
    const onState = (state: LaneState, segment: LaneSegment | null): void => {
      if (lane.kind === 'video') this.showVideoState(side, state, segment);
      else this.showAudioState(side, state);
      // A supervisor's picture is there only while a barging supervisor sent one.
      if (lane.side === 'supervisor' && lane.kind === 'video')
        $('[data-slot=frame]', side).hidden = state === 'empty';
    };
    const playback = new PlaybackLane(lane, element, onState, this.abort.signal);
    // A source that has just become usable is placed at once rather than at the next tick.
    element.addEventListener('loadedmetadata', () => this.tick(), { signal: this.abort.signal });
    return playback;
  }

  private showVideoState(side: HTMLElement, state: LaneState, segment: LaneSegment | null): void {
    const note = $('[data-slot=note]', side);
    side.dataset.state = state;
    if (state === 'media') note.hidden = true;
    else {
      setText(note, NOTE_OF[state]);
      note.hidden = false;
    }
    if (segment) $('[data-slot=name]', side).textContent = segment.displayName;
  }

  private showAudioState(side: HTMLElement, state: LaneState): void {
    const note = $('[data-slot=audio-note]', side);
    note.hidden = state !== 'unplayable' && state !== 'unreadable';
    if (!note.hidden)
      setText(note, state === 'unplayable' ? 'auditor.cannotPlayAudioCodec' : 'auditor.cannotReadAudio');
  }

  private bindControls(): void {
    const { signal } = this.abort;
    this.playButton.addEventListener(
      'click',
      () => {
        if (this.clock.playing) this.clock.pause();
        else this.clock.play();
        this.tick();
      },
      { signal },
    );
    this.seekBar.addEventListener('input', () => this.seek(Number(this.seekBar.value)), { signal });
    // The range's own arrow step (0.1 s) is too small to be of use from the keyboard.
    this.seekBar.addEventListener(
      'keydown',
      (event) => {
        const step = { ArrowLeft: -KEY_STEP_MS, ArrowRight: KEY_STEP_MS }[event.key];
        if (step === undefined) return;
        event.preventDefault();
        this.seek(this.clock.positionMs + step);
      },
      { signal },
    );
    for (const button of this.root.querySelectorAll<HTMLButtonElement>('[data-rate]')) {
      button.addEventListener(
        'click',
        () => {
          this.clock.setRate(Number(button.dataset.rate));
          this.tick();
        },
        { signal },
      );
    }
  }

  private tick(): void {
    this.holdForLoading();
    if (this.clock.playing && this.clock.atEnd) this.clock.pause();
    const position = this.clock.positionMs;
    // At the very end each side keeps its last frame rather than going blank.
    const shown = Math.min(position, this.lengthMs - 1);
    for (const lane of this.lanes) lane.sync(shown, this.clock.running, this.clock.rate);
    if (!this.supervisor.hidden) {
      const { mode, segment } = supervisorAt(this.laneModels, shown);
      showSupervisorMode(this.supervisor, mode, segment);
    }
    this.renderControls(position);
  }

  /**
   * Waits for elements still loading (a new segment, a seek into unbuffered
   * data), but not for ever: a file that never loads must not stop the replay.
   */
  private holdForLoading(): void {
    const loading = this.clock.playing && this.lanes.some((lane) => lane.loading);
    if (!loading) {
      this.holdingSince = null;
      this.patienceSpent = false;
      this.clock.hold(false);
      return;
    }
    if (this.patienceSpent) return;
    const now = performance.now();
    this.holdingSince ??= now;
    this.patienceSpent = now - this.holdingSince > MAX_HOLD_MS;
    this.clock.hold(!this.patienceSpent);
  }

  private renderControls(position: number): void {
    const key = this.clock.playing ? 'auditor.pause' : 'auditor.play';
    if (this.playButton.dataset.i18n !== key) setText(this.playButton, key);
    this.playButton.dataset.state = this.clock.playing ? 'playing' : 'paused';
    this.seekBar.value = String(Math.round(position));
    const now = mediaClock(position);
    const total = mediaClock(this.lengthMs);
    this.seekBar.setAttribute('aria-valuetext', t('auditor.positionOf', { now, total }));
    byTestId('playback-time', this.root).textContent = `${now} / ${total}`;
    for (const button of this.root.querySelectorAll<HTMLButtonElement>('[data-rate]'))
      button.setAttribute('aria-pressed', String(Number(button.dataset.rate) === this.clock.rate));
  }
}
