// Folders of the installation that the server reads at run time. This file
// and the server's bundle (.build/server.js, see scripts/build.js) both sit
// one folder below the installation's root, so one address serves the
// sources run through tsx and the bundle alike.
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);

/** The stylesheet, scripts and images served under /public/. */
export const publicDir = fileURLToPath(new URL('public/', root));
