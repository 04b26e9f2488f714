/** A scriptable stand-in for the browser WebSocket, for tests of the live stream. */
import type { ClientMessage, ServerMessage } from "@/api/types";
import { LiveSocket, type SocketLike, type Visibility } from "@/api/ws";

export class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  sent: ClientMessage[] = [];
  closedWith: number | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }
  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  /** The server accepted the connection. */
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: ServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  /** The connection broke (1006 unless told otherwise). */
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: "" });
  }
}

export class FakeVisibility implements Visibility {
  isHidden = false;
  private readonly listeners = new Set<() => void>();
  hidden(): boolean {
    return this.isHidden;
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(hidden: boolean): void {
    this.isHidden = hidden;
    for (const listener of this.listeners) listener();
  }
}

/** A LiveSocket over fake sockets; `last()` is the newest connection. */
export function fakeLiveSocket(random: () => number = () => 0.5) {
  const sockets: FakeSocket[] = [];
  const visibility = new FakeVisibility();
  const live = new LiveSocket({
    url: "ws://test/api/v1/ws",
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    visibility,
    random,
  });
  const last = (): FakeSocket => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error("no socket yet");
    return socket;
  };
  return { live, sockets, visibility, last };
}
