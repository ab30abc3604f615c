#!/usr/bin/env node
// The `endorse` command. Runs the TypeScript sources through tsx so that it
// works straight after `npm ci`, with no build step.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
