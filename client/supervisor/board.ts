import type { SupervisorBoard } from '../../shared/contracts/supervisor.js';
import { watchConnection } from '../common/connection.js';
import { $, byTestId, showScreen } from '../common/dom.js';
import { onLocaleChange, setText } from '../common/i18n.js';
import { SocketClient, errorCode } from '../common/socket.js';
import type { StatusLine } from '../common/status-line.js';
import { clockTime } from '../common/institution-time.js';
import { MonitorPanel } from './monitor-panel.js';
import { NowView } from './now-view.js';
import { renderTimeline } from './timeline-chart.js';
import { renderToday } from './today-view.js';

const TICK_MS = 1_000;

/** The supervisor's live board: asks for one on every (re)connect, then draws each push. */
export class Board {
  private readonly client: SocketClient;
  private readonly now: NowView;
  private readonly monitor: MonitorPanel;
  private latest: { board: SupervisorBoard; receivedAt: number } | null = null;
  private readonly timer: ReturnType<typeof setInterval>;
  private closed = false;

  constructor(
    private readonly status: StatusLine,
    private readonly onExpired: () => void,
  ) {
    showScreen('board');
    this.client = new SocketClient();
    const panel = new MonitorPanel(this.client, status, () => this.now.monitorChanged());
    this.monitor = panel;
    this.now = new NowView({
      monitor: (callId, mode) => void panel.start(callId, mode),
      get monitoring() {
        return panel.monitoring;
      },
    });
    watchConnection(this.client, status, {
      onConnect: () => void this.load(),
      onUnauthorized: () => this.expire(),
    });
    this.client.on('supervisor:board', (board) => this.render(board));
    this.timer = setInterval(() => this.tick(), TICK_MS);
    // Names composed in code (status counts, skills) follow a language switch at once.
    onLocaleChange(() => {
      if (this.latest && !this.closed) this.render(this.latest.board);
    });
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.client.close();
  }

  private async load(): Promise<void> {
    try {
      this.render(await this.client.request('supervisor:board', {}));
    } catch (error) {
      if (errorCode(error) === 'unauthorized') this.expire();
      else this.status.failure(error);
    }
  }

  private render(board: SupervisorBoard): void {
    if (this.closed) return;
    // A push may overtake the answer to the request: never go back in time.
    if (this.latest && board.at < this.latest.board.at) return;
    this.latest = { board, receivedAt: Date.now() };
    this.now.render(board.now, board.at);
    this.monitor.callsNow(board.now.calls.map((call) => call.callId));
    renderToday(board.today);
    renderTimeline($('[data-testid=timeline-chart]'), board.timeline, board.at);
    setText(byTestId('board-updated'), 'board.updated', { time: clockTime(board.at) });
  }

  private tick(): void {
    if (this.latest) this.now.tick(Date.now() - this.latest.receivedAt);
  }

  private expire(): void {
    this.close();
    this.onExpired();
  }
}
