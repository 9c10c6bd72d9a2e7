import type { types } from 'mediasoup';

/** How many transports the router has, as its worker reports them. */
export async function transportsOf(router: types.Router): Promise<number> {
  return (await router.dump()).transportIds.length;
}

/** How many consumers of `producerId` the router has, as its worker reports them. */
export async function consumersOn(router: types.Router, producerId: string): Promise<number> {
  const dump = await router.dump();
  return dump.mapProducerIdConsumerIds.find((e) => e.key === producerId)?.values.length ?? 0;
}
