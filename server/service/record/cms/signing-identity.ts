import type { KeyObject } from 'node:crypto';

/** A private key and its certificate chain, signer's certificate first (DER). */
export interface SigningIdentity {
  privateKey: KeyObject;
  chain: Buffer[];
}
