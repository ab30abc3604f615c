// Entry point for programs that import the package with plain Node: loads the
// TypeScript sources through tsx, so no build step is needed after `npm ci`.
import { tsImport } from 'tsx/esm/api';

const api = await tsImport('../src/index.ts', import.meta.url);

export const {
  evaluate,
  evaluateRenewal,
  eligible,
  describe,
  catalogs,
  getCatalog,
  loadCatalog,
  parsePortfolio,
  preparePortfolio,
  portfolioJsonSchema,
  today,
  CatalogError,
  PortfolioError,
  UsageError,
} = api;
