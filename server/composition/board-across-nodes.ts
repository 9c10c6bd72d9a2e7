import type { Principal } from '../identity/index.js';
import type { AppServer } from '../platform/socket/socket-server.js';
import type { SupervisorBoardPublisher } from '../supervision/index.js';

/** The topic of "a call started or ended here" among the nodes' `node:notice`s. */
const TOPIC = 'board';

/**
 * Every node's board lists every node's calls (read from the shared store), so a call that starts,
 * ends or changes hands on one node has every node build a fresh board, each throttled as its own
 * changes are. The notice carries nothing: the store has the call already. Without Redis (one
 * node) there is nobody to tell.
 */
export class BoardAcrossNodes {
  constructor(
    private readonly io: AppServer<Principal>,
    private readonly board: Pick<SupervisorBoardPublisher, 'changed'>,
    private readonly shared: boolean,
  ) {
    io.on('node:notice', (topic) => {
      if (topic === TOPIC) board.changed();
    });
  }

  /** A call of this node started, resumed, ended or changed teller. */
  callsChanged(): void {
    this.board.changed();
    if (this.shared) this.io.serverSideEmit('node:notice', TOPIC, {});
  }
}
