/** Messages from the other side that arrived while the chat was shut, until it is opened. */
export class ChatUnread {
  private arrivedCount = 0;

  get count(): number {
    return this.arrivedCount;
  }

  arrived(): void {
    this.arrivedCount += 1;
  }

  read(): void {
    this.arrivedCount = 0;
  }
}
