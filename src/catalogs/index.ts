// The catalogs shipped with Endorse, checked once when first used.
import { type Catalog, type CredentialDef, loadCatalog } from '../engine/catalog.ts';
import { UsageError } from '../engine/evaluate.ts';
import { alliance } from './alliance.ts';
import { ctAimh } from './ct-aimh.ts';
import { miAimh } from './mi-aimh.ts';
import { ncimha } from './ncimha.ts';

export const catalogInputs = [miAimh, ctAimh, ncimha, alliance];

let loaded: Map<string, Catalog> | undefined;

export function catalogs(): Map<string, Catalog> {
  loaded ??= new Map(catalogInputs.map((input) => [input.id, loadCatalog(input)]));
  return loaded;
}

export function getCatalog(association: string): Catalog {
  const catalog = catalogs().get(association);
  if (!catalog) {
    throw new UsageError(`no association "${association}"; known: ${[...catalogs().keys()].join(', ')}`);
  }
  return catalog;
}

/** The association's credential by its id, or undefined when the association or credential is not known. */
export const credentialOf = (association: string, credential: string): CredentialDef | undefined =>
  catalogs()
    .get(association)
    ?.credentials.find((c) => c.id === credential);
