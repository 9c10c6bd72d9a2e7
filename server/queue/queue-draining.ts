/**
 * Whether this node is draining (SIGTERM; README, "Deployment"): it leads the
 * queue no more, its tellers are offered nobody new (the leader hears they are
 * gone from routing, and an acceptance here is refused), and the pages it lets
 * go find their desk and place on another node. Once on, it stays on: a
 * draining node only stops.
 */
export class QueueDraining {
  #on = false;

  get on(): boolean {
    return this.#on;
  }

  start(): void {
    this.#on = true;
  }
}
