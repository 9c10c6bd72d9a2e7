import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';

/**
 * Every producer and consumer the mediasoup workers of this process make from now on (servers
 * started in the test process after it), with its router: a test reaches the media a server
 * made for itself (a router of its own, piped producers) without the server exposing it.
 */
export function watchMedia(): {
  consumer(id: string): types.Consumer | undefined;
  /** The producers with this id, on any router (a piped producer keeps its source's id). */
  producers(id: string): { producer: types.Producer; router: types.Router }[];
} {
  const consumers = new Map<string, types.Consumer>();
  const producers: { producer: types.Producer; router: types.Router }[] = [];
  mediasoup.observer.on('newworker', (worker) =>
    worker.observer.on('newrouter', (router) =>
      router.observer.on('newtransport', (transport) => {
        transport.observer.on('newconsumer', (consumer) => consumers.set(consumer.id, consumer));
        transport.observer.on('newproducer', (producer) => producers.push({ producer, router }));
      }),
    ),
  );
  return {
    consumer: (id) => consumers.get(id),
    producers: (id) => producers.filter((entry) => entry.producer.id === id),
  };
}

/**
 * RTP packets a producer has received on its router, or a consumer's source (its inbound-rtp
 * stats: a consumer reports its producer's stream beside its own).
 */
export async function inboundPackets(media: { getStats(): Promise<{ type: string }[]> }): Promise<number> {
  return (await media.getStats())
    .filter((s) => s.type === 'inbound-rtp')
    .reduce((n, s) => n + ((s as { packetCount?: number }).packetCount ?? 0), 0);
}
