/**
 * The CPython peer: one long-lived `python3 python/peer.py` per run, asked
 * for one round at a time so its rounds interleave with the Node rounds.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const PEER_SCRIPT = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'python',
  'peer.py',
);
const START_TIMEOUT_MS = 15_000;

/** One round's request: which operation, how many ops per sample, how many samples. */
export interface PythonRequest {
  op: string;
  ops: number;
  samples: number;
  round: number;
  size?: number;
  warmup?: boolean;
}

/** Nanoseconds per operation, every sample of every variant of the round. */
export type PythonRound = Record<string, number[]>;

/** A running CPython peer. */
export class PythonPeer {
  readonly version: string;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #lines: AsyncIterator<string>;
  readonly #rl: Interface;

  private constructor(
    child: ChildProcessWithoutNullStreams,
    rl: Interface,
    lines: AsyncIterator<string>,
    version: string,
  ) {
    this.#child = child;
    this.#rl = rl;
    this.#lines = lines;
    this.version = version;
  }

  /**
   * Starts the peer with `env` (its TMPDIR decides where CPython creates).
   * Resolves to a reason string instead when python3 is missing or broken:
   * the benchmark then skips the CPython rows with that note.
   */
  static async start(env: NodeJS.ProcessEnv): Promise<PythonPeer | string> {
    const python = process.env.BENCH_PYTHON ?? 'python3';
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(python, ['-u', PEER_SCRIPT], { env, stdio: 'pipe' });
    } catch (error) {
      return `${python} could not be started (${(error as Error).message})`;
    }
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const spawnFailed = new Promise<string>((resolve) => {
      child.once('error', (error) => resolve(`${python} not found (${error.message})`));
      child.once('exit', (code) => resolve(`${python} exited with ${code}: ${stderr.trim()}`));
    });
    const rl = createInterface({ input: child.stdout });
    const lines = rl[Symbol.asyncIterator]();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`${python} did not answer within ${START_TIMEOUT_MS} ms`),
        START_TIMEOUT_MS,
      );
    });
    const hello = lines.next().then((line) => {
      if (line.done) return `${python} closed its output: ${stderr.trim()}`;
      const message = JSON.parse(line.value) as { ready?: boolean; version?: string };
      return message.ready
        ? new PythonPeer(child, rl, lines, message.version ?? '?')
        : 'bad greeting';
    });
    const outcome = await Promise.race([hello, spawnFailed, timeout]);
    clearTimeout(timer);
    if (typeof outcome === 'string') {
      child.kill();
      rl.close();
    }
    return outcome;
  }

  /** Runs one round; rejects with the peer's error message if it failed. */
  async round(request: PythonRequest): Promise<PythonRound> {
    this.#child.stdin.write(`${JSON.stringify(request)}\n`);
    const line = await this.#lines.next();
    if (line.done) throw new Error('python peer exited');
    const reply = JSON.parse(line.value) as { ns?: PythonRound; error?: string };
    if (reply.error !== undefined || reply.ns === undefined) {
      throw new Error(`python peer: ${reply.error ?? 'no result'}`);
    }
    return reply.ns;
  }

  /** Ends the peer (closing stdin ends its loop). */
  stop(): void {
    this.#child.stdin.end();
    this.#rl.close();
  }
}
