// Running the package as its users do, from the repository root: the `endorse`
// binary, `npx`, or a plain Node program that imports the package.
import { spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root (where package.json is). */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** A port no one listens on now, as the system hands it out (several servers may start on one machine). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The kinds of requirement the spec lists; results name no others. */
export const requirementKinds = [
  'education',
  'training',
  'work',
  'leadership',
  'rsc',
  'references',
  'agreements',
  'exam',
  'membership',
];

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in the repository and collects its output; `input` is written to its stdin. */
export function runCommand(command: string, args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Runs this Node with `args`. */
export const runNode = (args: string[], input?: string) => runCommand(process.execPath, args, input);
