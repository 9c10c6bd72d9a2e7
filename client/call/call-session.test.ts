import { describe, expect, it } from 'vitest';
import type {
  CallView,
  ClientRequestName,
  ClientRequestPayload,
  ClientResponses,
  ServerToClientEvents,
} from '../../shared/contracts/socket-events.js';
import { ApiError } from '../common/api.js';
import type { ServerEventName } from '../common/socket.js';
import type { MessageKey } from '../common/i18n.js';
import { meansCallIsOver } from './call-over.js';
import { CallSession, type CallPage } from './call-session.js';
import type { CallSocket } from './call-socket.js';

/** The server's side of a page's socket: pushes events, answers requests as the test says. */
class FakeSocket implements CallSocket {
  readonly requests: Array<{ event: string; payload: unknown }> = [];
  /** What node:hello said; null before it did. */
  nodeId: string | null = null;
  /** Every moveTo, in order. */
  readonly moves: Array<string | null> = [];
  answer: (event: string) => Promise<unknown> = () => Promise.resolve({});
  private readonly handlers = new Map<string, Set<(payload: never) => void>>();

  on<E extends ServerEventName>(event: E, handler: ServerToClientEvents[E]): () => void {
    const set = this.handlers.get(event) ?? new Set();
    this.handlers.set(event, set);
    set.add(handler as (payload: never) => void);
    return () => set.delete(handler as (payload: never) => void);
  }

  request<E extends ClientRequestName>(
    event: E,
    payload: ClientRequestPayload<E>,
  ): Promise<ClientResponses[E]> {
    this.requests.push({ event, payload });
    return this.answer(event) as Promise<ClientResponses[E]>;
  }

  moveTo(nodeId: string | null): void {
    this.moves.push(nodeId);
  }

  push<E extends ServerEventName>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    for (const handler of this.handlers.get(event) ?? []) (handler as (p: typeof payload) => void)(payload);
  }
}

function callView(callId: string, teller = 'Tess', nodeId = 'node-1'): CallView {
  return {
    callId,
    ticketId: `ticket-${callId}`,
    serviceId: 'account_opening',
    language: 'en',
    customer: { fullName: 'Carl Customer', idNumberMasked: '****1234' },
    teller: { displayName: teller },
    producers: [],
    nodeId,
    routerRtpCapabilities: {},
  };
}

interface Deferred {
  promise: Promise<MediaStream>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<MediaStream>((r) => (resolve = () => r({} as MediaStream)));
  return { promise, resolve };
}

/** A session over fakes, with everything it did to them written to `log` in order. */
function setUp(page: Partial<CallPage> = {}) {
  const log: string[] = [];
  const socket = new FakeSocket();
  const stage = {
    callId: null as string | null,
    join(_client: CallSocket, call: CallView, restart = false): Promise<void> {
      log.push(`join ${call.callId}${restart ? ' restart' : ''}`);
      stage.callId = call.callId;
      return Promise.resolve();
    },
    leave(): void {
      log.push('leave');
      stage.callId = null;
    },
  };
  let acquire: () => Promise<MediaStream> = () => Promise.resolve({} as MediaStream);
  const local = {
    acquire: () => acquire(),
    release: () => void log.push('release'),
  };
  const status = {
    info: (key: MessageKey) => void log.push(`info ${key}`),
    error: (key: MessageKey) => void log.push(`error ${key}`),
    failure: (error: unknown) => void log.push(`failure ${(error as ApiError).code}`),
  };
  const session = new CallSession(
    socket,
    { status, local, stage },
    {
      showCall: (call, previous) => void log.push(`show ${call.callId} after ${previous?.callId ?? 'none'}`),
      callEnded: (callId, reason, current) =>
        void log.push(`ended ${callId} ${reason ?? 'null'}${current ? ' current' : ''}`),
      ...page,
    },
  );
  const setAcquire = (next: () => Promise<MediaStream>): void => {
    acquire = next;
  };
  return { session, socket, stage, log, setAcquire };
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('CallSession', () => {
  it('enters a started call: shows it, gets the camera, then joins its media', async () => {
    const { session, socket, log } = setUp();
    socket.push('call:started', callView('c1'));
    await flush();
    expect(session.current?.callId).toBe('c1');
    expect(log).toEqual(['show c1 after none', 'join c1']);
  });

  it('ends a call once, stopping its media before the page hears of it', async () => {
    const { session, socket, log } = setUp();
    await session.enter(callView('c1'));
    socket.push('call:ended', { callId: 'c1', reason: 'teller_hung_up' });
    socket.push('call:ended', { callId: 'c1', reason: 'teller_hung_up' });
    expect(session.current).toBeNull();
    expect(log.slice(2)).toEqual(['leave', 'ended c1 teller_hung_up current']);
  });

  it('never enters an ended call again, however late its start or state arrives', async () => {
    const { session, socket, log } = setUp();
    await session.enter(callView('c1'));
    session.end('c1', null);
    socket.push('call:started', callView('c1'));
    await session.enter(callView('c1'), true);
    await flush();
    expect(session.current).toBeNull();
    expect(log.filter((line) => line.startsWith('show'))).toHaveLength(1);
  });

  it('keeps the running call when another call ends, and tells the page it was not the current one', async () => {
    const { session, socket, log } = setUp();
    await session.enter(callView('c2'));
    socket.push('call:ended', { callId: 'c1', reason: 'transferred' });
    expect(session.current?.callId).toBe('c2');
    expect(log.slice(2)).toEqual(['ended c1 transferred']);
  });

  it('announces every end before acting on it, saying whether the call was known', async () => {
    const announced: string[] = [];
    const { session, socket, log } = setUp({
      endAnnounced: (callId, reason, known) => {
        announced.push(`${callId} ${reason} ${known}`);
        log.push('announced');
      },
    });
    await session.enter(callView('c1'));
    // The server's state told first, without the reason.
    session.end('c1', null);
    socket.push('call:ended', { callId: 'c1', reason: 'transferred' });
    socket.push('call:ended', { callId: 'other', reason: 'transferred' });
    expect(announced).toEqual(['c1 transferred true', 'other transferred false']);
    expect(log.slice(2)).toEqual([
      'leave',
      'ended c1 null current',
      'announced',
      'announced',
      'ended other transferred',
    ]);
  });

  it('restarts the media of the running call only on a new socket', async () => {
    const { session, log } = setUp();
    await session.enter(callView('c1'));
    await session.enter(callView('c1'));
    await session.enter(callView('c1'), true);
    await session.enter(callView('c2'), true);
    expect(log.filter((line) => line.startsWith('join'))).toEqual([
      'join c1',
      'join c1',
      'join c1 restart',
      'join c2',
    ]);
    expect(log.filter((line) => line.startsWith('show'))).toEqual([
      'show c1 after none',
      'show c1 after c1',
      'show c1 after c1',
      'show c2 after c1',
    ]);
  });

  it('does not join a call that ended while the camera was being asked for', async () => {
    const { session, socket, log, setAcquire } = setUp();
    const camera = deferred();
    setAcquire(() => camera.promise);
    const entering = session.enter(callView('c1'));
    socket.push('call:ended', { callId: 'c1', reason: 'customer_hung_up' });
    camera.resolve();
    await entering;
    expect(log).toEqual(['show c1 after none', 'leave', 'ended c1 customer_hung_up current']);
  });

  it('joins without a camera, receiving only, and says the camera is unavailable', async () => {
    const { session, log, setAcquire } = setUp();
    setAcquire(() => Promise.reject(new Error('NotAllowedError')));
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      expect(await session.acquireMedia()).toBe(false);
      await session.enter(callView('c1'));
    } finally {
      console.warn = warn;
    }
    expect(log).toEqual([
      'error status.mediaUnavailable',
      'show c1 after none',
      'error status.mediaUnavailable',
      'join c1',
    ]);
  });

  describe('hanging up', () => {
    it('asks the server, then ends the call with this side reason', async () => {
      const { session, socket, log } = setUp();
      await session.enter(callView('c1'));
      await session.hangUp('customer_hung_up');
      expect(socket.requests).toEqual([{ event: 'call:hangUp', payload: { callId: 'c1' } }]);
      expect(log.slice(2)).toEqual(['leave', 'ended c1 customer_hung_up current']);
    });

    it.each(['not_found', 'invalid_state'])('takes a %s refusal as the call already over', async (code) => {
      const { session, socket, log } = setUp();
      await session.enter(callView('c1'));
      socket.answer = () => Promise.reject(new ApiError(0, code, 'gone'));
      await session.hangUp('teller_hung_up');
      expect(session.current).toBeNull();
      expect(log.slice(2)).toEqual(['leave', 'ended c1 null current']);
    });

    it('keeps the call and shows any other refusal', async () => {
      const { session, socket, log } = setUp();
      await session.enter(callView('c1'));
      socket.answer = () => Promise.reject(new ApiError(0, 'timeout', 'no answer'));
      await session.hangUp('teller_hung_up');
      expect(session.current?.callId).toBe('c1');
      expect(log.slice(2)).toEqual(['failure timeout']);
    });

    it('says nothing when the page closed before the answer came', async () => {
      const { session, socket, log } = setUp();
      await session.enter(callView('c1'));
      socket.answer = () => {
        session.close();
        return Promise.reject(new ApiError(0, 'timeout', 'no answer'));
      };
      await session.hangUp('customer_hung_up');
      expect(log.slice(2)).toEqual(['leave', 'release']);
    });

    it('does nothing outside a call', async () => {
      const { session, socket } = setUp();
      await session.hangUp('customer_hung_up');
      expect(socket.requests).toEqual([]);
    });
  });

  it('ends the running call with no reason when the server state has none', async () => {
    const { session, log } = setUp();
    session.endRunning();
    await session.enter(callView('c1'));
    session.endRunning();
    expect(log).toEqual(['show c1 after none', 'join c1', 'leave', 'ended c1 null current']);
  });

  it('tells of the other side dropping out and coming back, for the running call only', async () => {
    const { session, socket, log } = setUp();
    await session.enter(callView('c1'));
    socket.push('call:peerConnection', { callId: 'c1', role: 'teller', connected: false });
    socket.push('call:peerConnection', { callId: 'c0', role: 'teller', connected: true });
    socket.push('call:peerConnection', { callId: 'c1', role: 'teller', connected: true });
    expect(log.slice(2)).toEqual(['info call.peerDropped', 'info call.peerBack']);
  });

  it('follows a takeover of the running call by another teller', async () => {
    const changed: string[] = [];
    const { session, socket } = setUp({ tellerChanged: (call) => changed.push(call.teller.displayName) });
    await session.enter(callView('c1', 'Tess'));
    socket.push('call:tellerChanged', { callId: 'c0', teller: { displayName: 'Nobody' } });
    socket.push('call:tellerChanged', { callId: 'c1', teller: { displayName: 'Theo' } });
    expect(changed).toEqual(['Theo']);
    expect(session.current?.teller.displayName).toBe('Theo');
  });

  describe('a call held by another node', () => {
    it('moves the page there instead of entering; the refresh after reconnecting enters it', async () => {
      const { session, socket, log } = setUp();
      socket.nodeId = 'node-1';
      socket.push('call:started', callView('c1', 'Tess', 'node-2'));
      await session.enter(callView('c1', 'Tess', 'node-2'), true);
      await flush();
      expect(socket.moves).toEqual(['node-2', 'node-2']);
      expect(session.current).toBeNull();
      expect(log).toEqual([]);
      // Connected there now: node:hello said so, and the state answer brings the call.
      socket.nodeId = 'node-2';
      await session.enter(callView('c1', 'Tess', 'node-2'), true);
      expect(log).toEqual(['show c1 after none', 'join c1']);
      expect(socket.moves).toEqual(['node-2', 'node-2']);
    });

    it('enters as before while the socket has not said its node', async () => {
      const { session, socket, log } = setUp();
      await session.enter(callView('c1', 'Tess', 'node-2'));
      expect(socket.moves).toEqual([]);
      expect(log).toEqual(['show c1 after none', 'join c1']);
    });

    it('moves when a state answer names the call’s node, without taking the missing call as ended', async () => {
      const { session, socket, log } = setUp();
      socket.nodeId = 'node-1';
      await session.enter(callView('c1'));
      expect(session.followCallNode(null)).toBe(false);
      expect(session.followCallNode('node-2')).toBe(true);
      expect(socket.moves).toEqual(['node-2']);
      expect(session.current?.callId).toBe('c1');
      expect(log).toEqual(['show c1 after none', 'join c1']);
      session.close();
      expect(session.followCallNode('node-3')).toBe(false);
      expect(socket.moves).toEqual(['node-2']);
    });

    it('follows call:moved for the running call only, to the named node or the load balancer', async () => {
      const { session, socket, log } = setUp();
      socket.nodeId = 'node-1';
      await session.enter(callView('c1'));
      socket.push('call:moved', { callId: 'other', nodeId: 'node-3' });
      socket.push('call:moved', { callId: 'c1', nodeId: 'node-3' });
      socket.push('call:moved', { callId: 'c1', nodeId: null });
      expect(socket.moves).toEqual(['node-3', null]);
      // The call goes on: the page's refresh on the new node enters it again, restarting its media.
      expect(session.current?.callId).toBe('c1');
      socket.nodeId = 'node-3';
      await session.enter(callView('c1', 'Tess', 'node-3'), true);
      expect(log).toEqual(['show c1 after none', 'join c1', 'show c1 after c1', 'join c1 restart']);
      session.close();
      socket.push('call:moved', { callId: 'c1', nodeId: 'node-4' });
      expect(socket.moves).toEqual(['node-3', null]);
    });
  });

  it('once closed, stops the media and the camera and ignores the server', async () => {
    const { session, socket, log } = setUp();
    await session.enter(callView('c1'));
    session.close();
    socket.push('call:ended', { callId: 'c1', reason: 'teller_hung_up' });
    socket.push('call:started', callView('c2'));
    await session.enter(callView('c3'));
    await flush();
    expect(session.closed).toBe(true);
    expect(log.slice(2)).toEqual(['leave', 'release']);
  });
});

describe('meansCallIsOver', () => {
  it('reads not found and invalid state as a call the server already ended', () => {
    const codes = ['not_found', 'invalid_state', 'forbidden', 'timeout', 'internal'];
    expect(codes.filter((code) => meansCallIsOver(new ApiError(0, code, code)))).toEqual([
      'not_found',
      'invalid_state',
    ]);
    expect(meansCallIsOver(new Error('no code'))).toBe(false);
  });
});
