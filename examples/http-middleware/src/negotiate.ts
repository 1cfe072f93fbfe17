// SPDX-License-Identifier: Apache-2.0
// Accept-Encoding negotiation (RFC 9110 §12.5.3): q-values, `identity`, `*`, and the server's
// order of preference to break ties.

/** Content codings this middleware can produce (`br` is node:zlib's brotli, in software). */
export type Coding = 'gzip' | 'deflate' | 'br';

/** What a response should be encoded with: a coding, or identity (sent as is). */
export type Negotiated = Coding | 'identity';

interface Preference {
  coding: string;
  q: number;
}

const Q_PARAMETER = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/** Parses one `coding;q=x` member; a malformed q-value makes the member unusable (undefined). */
function parseMember(member: string): Preference | undefined {
  const [rawCoding, ...parameters] = member.split(';').map((part) => part.trim());
  if (!rawCoding) return undefined;
  let q = 1;
  for (const parameter of parameters) {
    if (!/^q=/i.test(parameter)) continue;
    const match = Q_PARAMETER.exec(parameter.replace(/\s+/g, ''));
    if (!match) return undefined;
    q = Number(match[1]);
  }
  const coding = rawCoding.toLowerCase();
  // `x-gzip` is an alias of `gzip` (RFC 9110 §8.4.1.3).
  return { coding: coding === 'x-gzip' ? 'gzip' : coding, q };
}

/** Every member of an Accept-Encoding value, the highest q winning where a coding repeats. */
export function parseAcceptEncoding(header: string): Map<string, number> {
  const preferences = new Map<string, number>();
  for (const member of header.split(',')) {
    const preference = parseMember(member);
    if (!preference) continue;
    const previous = preferences.get(preference.coding);
    if (previous === undefined || preference.q > previous) preferences.set(preference.coding, preference.q);
  }
  return preferences;
}

/**
 * The coding to use for a request's Accept-Encoding header, among `supported` (in the server's order
 * of preference). A missing header means identity: clients that want compression say so. A coding
 * wins over identity unless identity is listed with a strictly higher q-value.
 */
export function negotiateEncoding(
  header: string | string[] | undefined,
  supported: readonly Coding[] = ['gzip', 'deflate', 'br'],
): Negotiated {
  if (header === undefined) return 'identity';
  const preferences = parseAcceptEncoding(Array.isArray(header) ? header.join(',') : header);
  const wildcard = preferences.get('*');
  let best: Coding | undefined;
  let bestQ = 0;
  for (const coding of supported) {
    const q = preferences.get(coding) ?? wildcard ?? 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  const identityQ = preferences.get('identity');
  if (best === undefined || (identityQ !== undefined && identityQ > bestQ)) return 'identity';
  return best;
}
