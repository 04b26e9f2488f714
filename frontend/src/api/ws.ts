/**
 * The one live socket of a tab (`/api/v1/ws`), shared by every view.
 *
 * - connects on first use; reconnects with exponential backoff and jitter;
 * - keeps the tab's subscriptions and re-sends them after every reconnect, so each view
 *   gets a fresh snapshot (its resync);
 * - identical subscriptions share one server subscription;
 * - pauses 30 s after the tab is hidden (closing the socket) and resumes with fresh snapshots
 *   when it is visible again;
 * - pings every 20 s and treats 45 s without any frame as a dead connection;
 * - exposes a small state (connection + the server's cluster status) for the top-bar
 *   "live / reconnecting / stale" indicator.
 * The socket constructor and page visibility are injectable; timers are the global ones
 * (tests use fake timers).
 */
import type {
  ActionRecord,
  ChangesMessage,
  ClientMessage,
  ErrorMessage,
  FluxEvent,
  FluxKindPlural,
  ServerMessage,
  SnapshotMessage,
  StatusMessage,
  SubscribeMessage,
} from "./types";

/** Close codes the server uses (see `fluxdash.models.ws.WsCloseCode`). */
export const CLOSE_POLICY_VIOLATION = 1008;
export const CLOSE_TRY_AGAIN_LATER = 1013;

export type ConnectionPhase = "connecting" | "open" | "reconnecting" | "paused" | "refused";

export type ClusterStatus = Pick<StatusMessage, "connected" | "synced" | "message">;

/** What the indicator shows. */
export type LiveIndicatorState = "connecting" | "live" | "stale" | "reconnecting" | "paused";

export type LiveState = {
  phase: ConnectionPhase;
  /** The server's last word about the cluster; null until the first `status` frame. */
  cluster: ClusterStatus | null;
  indicator: LiveIndicatorState;
  /** Failed connection attempts since the last successful one. */
  attempt: number;
};

export type SubscriptionSpec = {
  kinds?: readonly FluxKindPlural[];
  namespace?: string;
};

export type SubscriptionHandlers = {
  onSnapshot: (message: SnapshotMessage) => void;
  onChanges: (message: ChangesMessage) => void;
  onError?: (message: ErrorMessage) => void;
};

/** The subset of the browser WebSocket this module uses. */
export type SocketLike = {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
};

export type Visibility = {
  hidden(): boolean;
  /** Calls `listener` on every visibility change; returns the remover. */
  subscribe(listener: () => void): () => void;
};

export type LiveSocketOptions = {
  url: string;
  createSocket?: (url: string) => SocketLike;
  random?: () => number;
  visibility?: Visibility;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  hiddenPauseMs?: number;
  pingIntervalMs?: number;
  deadAfterMs?: number;
};

const OPEN = 1;

/** Every Flux kind plural the stream accepts (checked against the generated type below). */
export const FLUX_PLURALS = [
  "gitrepositories",
  "ocirepositories",
  "helmrepositories",
  "helmcharts",
  "buckets",
  "externalartifacts",
  "kustomizations",
  "helmreleases",
  "alerts",
  "providers",
  "receivers",
  "imagerepositories",
  "imagepolicies",
  "imageupdateautomations",
] as const satisfies readonly FluxKindPlural[];

// Fails to compile when the server learns a kind this list lacks.
const pluralsComplete: [Exclude<FluxKindPlural, (typeof FLUX_PLURALS)[number]>] extends [never]
  ? true
  : false = true;
void pluralsComplete;

export function isFluxPlural(value: string): value is FluxKindPlural {
  return (FLUX_PLURALS as readonly string[]).includes(value);
}

type ServerSub = {
  id: string;
  spec: SubscriptionSpec;
  handlers: Set<SubscriptionHandlers>;
};

function specKey(spec: SubscriptionSpec): string {
  const kinds = spec.kinds && spec.kinds.length > 0 ? [...new Set(spec.kinds)].sort() : null;
  return JSON.stringify([kinds, spec.namespace || null]);
}

function indicatorOf(phase: ConnectionPhase, cluster: ClusterStatus | null): LiveIndicatorState {
  switch (phase) {
    case "open":
      if (cluster === null) return "connecting";
      return cluster.connected && cluster.synced ? "live" : "stale";
    case "connecting":
      return "connecting";
    case "paused":
      return "paused";
    case "reconnecting":
    case "refused":
      return "reconnecting";
  }
}

/** Delay before reconnect attempt `attempt` (0-based): exponential, capped, half jittered. */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number,
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return base / 2 + random() * (base / 2);
}

/** The browser's WebSocket behind the small interface above. */
export function browserSocket(url: string): SocketLike {
  const ws = new WebSocket(url);
  const adapter: SocketLike = {
    get readyState() {
      return ws.readyState;
    },
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
  };
  ws.onopen = (event) => adapter.onopen?.(event);
  ws.onmessage = (event) => adapter.onmessage?.({ data: event.data });
  ws.onclose = (event) => adapter.onclose?.({ code: event.code, reason: event.reason });
  ws.onerror = (event) => adapter.onerror?.(event);
  return adapter;
}

type Timer = ReturnType<typeof setTimeout>;

function documentVisibility(): Visibility {
  if (typeof document === "undefined") {
    return { hidden: () => false, subscribe: () => () => {} };
  }
  return {
    hidden: () => document.visibilityState === "hidden",
    subscribe: (listener) => {
      document.addEventListener("visibilitychange", listener);
      return () => document.removeEventListener("visibilitychange", listener);
    },
  };
}

export class LiveSocket {
  private readonly options: Required<Omit<LiveSocketOptions, "url">> & { url: string };
  private socket: SocketLike | null = null;
  private readonly subs = new Map<string, ServerSub>();
  private readonly subsById = new Map<string, ServerSub>();
  private nextId = 1;
  private state: LiveState = {
    phase: "connecting",
    cluster: null,
    indicator: "connecting",
    attempt: 0,
  };
  private readonly stateListeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: FluxEvent) => void>();
  private readonly actionListeners = new Set<(action: ActionRecord) => void>();
  private readonly resyncListeners = new Set<() => void>();
  private reconnectTimer: Timer | null = null;
  private pauseTimer: Timer | null = null;
  private pingTimer: Timer | null = null;
  private lastFrameAt = 0;
  private everOpened = false;
  private started = false;
  private stopVisibility: (() => void) | null = null;

  constructor(options: LiveSocketOptions) {
    this.options = {
      createSocket: browserSocket,
      random: Math.random,
      visibility: documentVisibility(),
      backoffInitialMs: 500,
      backoffMaxMs: 30_000,
      hiddenPauseMs: 30_000,
      pingIntervalMs: 20_000,
      deadAfterMs: 45_000,
      ...options,
    };
  }

  // ---- public API

  /** Connect (idempotent). Called implicitly by the first subscriber or listener. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopVisibility = this.options.visibility.subscribe(() => this.onVisibilityChange());
    if (this.options.visibility.hidden()) this.schedulePause();
    this.connect();
  }

  /** Close for good (tests, page teardown). */
  stop(): void {
    this.started = false;
    this.stopVisibility?.();
    this.stopVisibility = null;
    this.clearTimers();
    this.dropSocket(1000, "client stopped");
  }

  getState = (): LiveState => this.state;

  onStateChange = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    this.start();
    return () => this.stateListeners.delete(listener);
  };

  /** Rows matching `spec`: a snapshot first (and after every reconnect), then changes. */
  subscribe(spec: SubscriptionSpec, handlers: SubscriptionHandlers): () => void {
    const key = specKey(spec);
    let sub = this.subs.get(key);
    if (sub === undefined) {
      sub = { id: `s${this.nextId++}`, spec, handlers: new Set() };
      this.subs.set(key, sub);
      this.subsById.set(sub.id, sub);
    }
    sub.handlers.add(handlers);
    // New or shared: (re)subscribing makes the server send a snapshot every handler can use.
    this.sendSubscribe(sub);
    this.start();
    const owned = sub;
    return () => {
      owned.handlers.delete(handlers);
      if (owned.handlers.size > 0) return;
      this.subs.delete(key);
      this.subsById.delete(owned.id);
      this.send({ type: "unsubscribe", id: owned.id });
    };
  }

  /** Flux events of objects matching any subscription of this tab. */
  onEvent(listener: (event: FluxEvent) => void): () => void {
    this.eventListeners.add(listener);
    this.start();
    return () => this.eventListeners.delete(listener);
  }

  /** Every new or changed action record (anyone's). */
  onAction(listener: (action: ActionRecord) => void): () => void {
    this.actionListeners.add(listener);
    this.start();
    return () => this.actionListeners.delete(listener);
  }

  /**
   * Called when what the tab holds may have missed updates (a reconnect, or the server
   * resynced a subscription because the tab fell behind): refetch what is not live-patched.
   */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  // ---- connection

  private connect(): void {
    this.clearTimer("reconnectTimer");
    if (!this.started) return;
    const socket = this.options.createSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => this.onOpen(socket);
    socket.onmessage = (event) => this.onMessage(socket, event.data);
    socket.onclose = (event) => this.onClose(socket, event.code);
    socket.onerror = () => {
      // A close event follows; nothing to do here.
    };
  }

  private onOpen(socket: SocketLike): void {
    if (socket !== this.socket) return;
    const reconnected = this.everOpened;
    this.everOpened = true;
    this.lastFrameAt = Date.now();
    this.setState({ phase: "open", attempt: 0 });
    for (const sub of this.subs.values()) this.sendSubscribe(sub);
    this.schedulePing();
    if (reconnected) this.emitResync();
  }

  private onClose(socket: SocketLike, code: number): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.clearTimer("pingTimer");
    if (!this.started || this.state.phase === "paused") return;
    if (code === CLOSE_POLICY_VIOLATION) {
      // Refused by policy (origin/auth): retrying quickly will not help; retry slowly.
      this.setState({ phase: "refused", attempt: this.state.attempt + 1 });
      this.scheduleReconnect(this.options.backoffMaxMs);
      return;
    }
    this.setState({ phase: "reconnecting", attempt: this.state.attempt + 1 });
    this.scheduleReconnect();
  }

  private scheduleReconnect(fixedMs?: number): void {
    this.clearTimer("reconnectTimer");
    const delay =
      fixedMs ??
      backoffDelay(
        this.state.attempt - 1,
        this.options.backoffInitialMs,
        this.options.backoffMaxMs,
        this.options.random,
      );
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private dropSocket(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = null;
    if (socket === null) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
    try {
      socket.close(code, reason);
    } catch {
      // Closing a socket that never opened may throw in some browsers; it is gone either way.
    }
  }

  // ---- heartbeat

  private schedulePing(): void {
    this.clearTimer("pingTimer");
    this.pingTimer = setTimeout(() => {
      const silent = Date.now() - this.lastFrameAt;
      if (silent >= this.options.deadAfterMs) {
        this.dropSocket(4001, "no frames from the server");
        this.setState({ phase: "reconnecting", attempt: this.state.attempt + 1 });
        this.scheduleReconnect();
        return;
      }
      this.send({ type: "ping" });
      this.schedulePing();
    }, this.options.pingIntervalMs);
  }

  // ---- visibility

  private onVisibilityChange(): void {
    if (this.options.visibility.hidden()) {
      this.schedulePause();
      return;
    }
    this.clearTimer("pauseTimer");
    if (this.state.phase === "paused") {
      this.setState({ phase: "connecting", attempt: 0 });
      this.connect();
    }
  }

  private schedulePause(): void {
    if (this.pauseTimer !== null) return;
    this.pauseTimer = setTimeout(() => {
      this.pauseTimer = null;
      this.clearTimer("reconnectTimer");
      this.clearTimer("pingTimer");
      this.dropSocket(1000, "tab hidden");
      this.setState({ phase: "paused" });
    }, this.options.hiddenPauseMs);
  }

  // ---- frames

  private send(message: ClientMessage): void {
    const socket = this.socket;
    if (socket !== null && socket.readyState === OPEN) socket.send(JSON.stringify(message));
  }

  private sendSubscribe(sub: ServerSub): void {
    const message: SubscribeMessage = { type: "subscribe", id: sub.id };
    if (sub.spec.kinds && sub.spec.kinds.length > 0) message.kinds = [...sub.spec.kinds];
    if (sub.spec.namespace) message.namespace = sub.spec.namespace;
    this.send(message);
  }

  private onMessage(socket: SocketLike, data: unknown): void {
    if (socket !== this.socket) return;
    this.lastFrameAt = Date.now();
    if (typeof data !== "string") return;
    let message: ServerMessage;
    try {
      message = JSON.parse(data) as ServerMessage;
    } catch {
      console.warn("live: unparsable frame ignored");
      return;
    }
    this.dispatch(message);
  }

  private dispatch(message: ServerMessage): void {
    switch (message.type) {
      case "snapshot": {
        const sub = this.subsById.get(message.subscription);
        if (sub === undefined) return;
        for (const h of [...sub.handlers]) h.onSnapshot(message);
        if (message.resync) this.emitResync();
        return;
      }
      case "changes": {
        const sub = this.subsById.get(message.subscription);
        if (sub === undefined) return;
        for (const h of [...sub.handlers]) h.onChanges(message);
        return;
      }
      case "event":
        for (const listener of [...this.eventListeners]) listener(message.event);
        return;
      case "action":
        for (const listener of [...this.actionListeners]) listener(message.action);
        return;
      case "status":
        this.setState({
          cluster: {
            connected: message.connected,
            synced: message.synced,
            message: message.message,
          },
        });
        return;
      case "error": {
        const sub =
          message.subscription != null ? this.subsById.get(message.subscription) : undefined;
        if (sub !== undefined) {
          for (const h of [...sub.handlers]) h.onError?.(message);
        } else {
          console.warn(`live: ${message.code}: ${message.detail}`);
        }
        return;
      }
      case "pong":
        return;
      default:
        // A newer server may add frame types; ignore them.
        return;
    }
  }

  // ---- state

  private setState(patch: Partial<Omit<LiveState, "indicator">>): void {
    const phase = patch.phase ?? this.state.phase;
    const cluster = patch.cluster !== undefined ? patch.cluster : this.state.cluster;
    const attempt = patch.attempt ?? this.state.attempt;
    const indicator = indicatorOf(phase, cluster);
    const prev = this.state;
    if (
      prev.phase === phase &&
      prev.attempt === attempt &&
      prev.indicator === indicator &&
      prev.cluster?.connected === cluster?.connected &&
      prev.cluster?.synced === cluster?.synced &&
      prev.cluster?.message === cluster?.message
    ) {
      return;
    }
    this.state = { phase, cluster, attempt, indicator };
    for (const listener of [...this.stateListeners]) listener();
  }

  private emitResync(): void {
    for (const listener of [...this.resyncListeners]) listener();
  }

  private clearTimer(name: "reconnectTimer" | "pauseTimer" | "pingTimer"): void {
    const handle = this[name];
    if (handle !== null) clearTimeout(handle);
    this[name] = null;
  }

  private clearTimers(): void {
    this.clearTimer("reconnectTimer");
    this.clearTimer("pauseTimer");
    this.clearTimer("pingTimer");
  }
}

/** `ws(s)://<this host>/api/v1/ws`. */
export function liveUrl(
  location: Pick<Location, "protocol" | "host"> = globalThis.location,
): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/v1/ws`;
}

let shared: LiveSocket | null = null;

/** The tab's socket (created on first use). */
export function getLiveSocket(): LiveSocket {
  shared ??= new LiveSocket({ url: liveUrl() });
  return shared;
}
