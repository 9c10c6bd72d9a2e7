import type { SupervisorBoard } from '../../shared/contracts/supervisor.js';
import type { SupervisorBoardPublisher, SupervisorBoardSource } from '../supervision/index.js';
import type { NodeRequests } from './node-requests.js';

/** The topic of "your board, if you lead" among the nodes' `node:request`s. */
const TOPIC = 'board';

/**
 * In a cluster only the queue leader has the whole counter: the line, and every node's tellers
 * (the others tell it theirs). So its board is the one supervisors see, wherever they are
 * connected: only the leader publishes (its pushes reach every node's supervisors through the
 * adapter; `publishes` below), and a supervisor's page on another node that asks for the board
 * gets the leader's. On one node, the node's own board, as before.
 */
export class LeaderBoard implements SupervisorBoardSource {
  constructor(
    private readonly board: SupervisorBoardPublisher,
    private readonly requests: NodeRequests,
    private readonly leads: () => boolean,
    private readonly shared: boolean,
  ) {
    if (shared) requests.serve(TOPIC, async () => (leads() ? board.build() : null));
  }

  /**
   * Whether this node's board is pushed: in a cluster the leader's, as if a supervisor watched
   * (it cannot count the other nodes' supervisors cheaply; still once a second at most).
   */
  publishes(localAudience: () => boolean): () => boolean {
    return this.shared ? this.leads : localAudience;
  }

  /** The leader's board; this node's own when it leads, is alone, or no leader answers. */
  async build(): Promise<SupervisorBoard> {
    if (!this.shared || this.leads()) return this.board.build();
    const replies = await this.requests.ask(TOPIC, {}).catch(() => []);
    // From a node of this installation, over its own Redis: the shape is the one it built.
    const fromLeader = replies.find((reply) => reply !== null && typeof reply === 'object');
    return (fromLeader as SupervisorBoard | undefined) ?? this.board.build();
  }
}
