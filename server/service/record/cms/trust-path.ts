import { X509Certificate } from 'node:crypto';

/** Why a certificate is not trusted, when it is not. */
export type TrustProblem = 'no_trust_anchors' | 'untrusted_signer' | 'certificate_expired';

export type TrustFinding =
  | { trusted: true; anchor: X509Certificate }
  | { trusted: false; problem: TrustProblem };

/** Longest chain walked from the signer to an anchor; real ones have two or three links. */
const MAX_LINKS = 8;

const issuedBy = (cert: X509Certificate, issuer: X509Certificate): boolean =>
  cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
const validAt = (cert: X509Certificate, at: Date): boolean =>
  new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);

/**
 * Whether `leaf` is one of `anchors` or is issued, through CA certificates
 * among `intermediates`, by one of them; every link signed by the next and
 * valid at `at` (the signing time). The anchors are the institution's own CA
 * (or the TSA's): the only certificates trusted by being configured.
 */
export function chainToAnchor(
  leaf: X509Certificate,
  intermediates: readonly X509Certificate[],
  anchors: readonly X509Certificate[],
  at: Date,
): TrustFinding {
  if (anchors.length === 0) return { trusted: false, problem: 'no_trust_anchors' };
  let current = leaf;
  let expired = false;
  for (let links = 0; links < MAX_LINKS; links++) {
    if (!validAt(current, at)) expired = true;
    const anchor = anchors.find((a) => a.fingerprint256 === current.fingerprint256 || issuedBy(current, a));
    if (anchor) {
      if (!validAt(anchor, at)) expired = true;
      return expired ? { trusted: false, problem: 'certificate_expired' } : { trusted: true, anchor };
    }
    const next = intermediates.find(
      (c) => c.ca && c.fingerprint256 !== current.fingerprint256 && issuedBy(current, c),
    );
    if (!next) break;
    current = next;
  }
  return { trusted: false, problem: 'untrusted_signer' };
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate in a PEM text (a CA bundle may hold several). */
export function certificatesFromPem(pem: string): X509Certificate[] {
  return [...pem.matchAll(PEM_CERTIFICATE)].map((m) => new X509Certificate(m[0]));
}
