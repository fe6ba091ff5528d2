/**
 * `pnpm --filter bench run bench:profile <operation> [--seconds=N]`: runs one
 * temp-fixtures operation in a loop under the V8 CPU profiler, writes
 * profiles/<operation>.cpuprofile (open it in Chrome DevTools) and prints the
 * functions with the most self time, and temp-fixtures' own functions by
 * inclusive time: profile before optimising.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Profile, ProfileNode } from './cpu-profile.js';
import { enterScratch, leaveScratch } from './scratch.js';
import type {
  FileLike,
  Lookup,
  NamedTemporaryFileLike,
  SpooledTemporaryFileLike,
  TemporaryDirectoryLike,
} from './subjects.js';
import { walkRemoveSync } from './tree.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PAGE = Buffer.alloc(4096, 'x');
const CHUNK = Buffer.alloc(100, 'x');

type Subjects = typeof import('./subjects.js');

function need<T>(lookup: Lookup<T>): T {
  if (!lookup.ok) throw new Error(lookup.reason);
  return lookup.value;
}

/** The operations that can be profiled: one iteration each (looked up only when chosen). */
function operations(
  s: Subjects,
  scratch: string,
): Record<string, () => () => void | Promise<void>> {
  const dirs = () => need(s.creatable<TemporaryDirectoryLike>('TemporaryDirectory'));
  const buildTree = (root: string) => {
    for (let i = 0; i < 20; i++) {
      const sub = path.join(root, `d${i}`);
      fs.mkdirSync(sub);
      for (let j = 0; j < 100; j++) fs.closeSync(fs.openSync(path.join(sub, `f${j}`), 'wx'));
    }
  };
  return {
    'dir-sync': () => {
      const TD = dirs();
      return () => TD.createSync().cleanupSync();
    },
    'dir-async': () => {
      const TD = dirs();
      return async () => (await TD.create()).cleanup();
    },
    mkdtemp: () => {
      const low = need(s.lowLevel());
      return () => fs.rmdirSync(low.mkdtempSync());
    },
    mkstemp: () => {
      const low = need(s.lowLevel());
      return () => {
        const { fd, path: p } = low.mkstempSync();
        fs.closeSync(fd);
        fs.unlinkSync(p);
      };
    },
    named: () => {
      const NTF = need(s.creatable<NamedTemporaryFileLike>('NamedTemporaryFile'));
      return () => NTF.createSync().closeSync();
    },
    'named-async': () => {
      const NTF = need(s.creatable<NamedTemporaryFileLike>('NamedTemporaryFile'));
      return async () => (await NTF.create()).close();
    },
    anon: () => {
      const TF = need(s.creatable<FileLike>('TemporaryFile'));
      return () => {
        const f = TF.createSync();
        f.writeSync(PAGE);
        f.closeSync();
      };
    },
    spool: () => {
      const STF = need(s.creatable<SpooledTemporaryFileLike>('SpooledTemporaryFile'));
      return () => {
        const f = STF.createSync({ maxSize: 100_000 * 100 + 1 });
        for (let i = 0; i < 100_000; i++) f.writeSync(CHUNK);
        f.seek(0);
        f.readSync();
        f.closeSync();
      };
    },
    // Build and removal share one loop; compare with 'tree-floor' to see what
    // the removal adds over a plain walk.
    tree: () => {
      const TD = dirs();
      return () => {
        const d = TD.createSync();
        buildTree(d.name);
        d.cleanupSync();
      };
    },
    'tree-floor': () => () => {
      const root = fs.mkdtempSync(path.join(scratch, 'tree'));
      buildTree(root);
      walkRemoveSync(root);
    },
  };
}

function summarise(profile: Profile, top: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = profile.samples?.length ?? 0;
  const interval = total > 0 ? (profile.endTime - profile.startTime) / total / 1000 : 0;
  const label = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const file = url
      ? `${url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\//, '')}:${lineNumber + 1}`
      : '';
    return `${functionName || '(anonymous)'} ${file}`.trim();
  };
  const self = new Map<string, number>();
  for (const n of profile.nodes) self.set(label(n), (self.get(label(n)) ?? 0) + (n.hitCount ?? 0));
  const inclusive = new Map<string, number>();
  const subtree = (n: ProfileNode): number =>
    (n.hitCount ?? 0) + (n.children ?? []).reduce((s, c) => s + subtree(byId.get(c)!), 0);
  for (const n of profile.nodes) {
    if (!n.callFrame.url.includes('temp-fixtures')) continue;
    inclusive.set(label(n), (inclusive.get(label(n)) ?? 0) + subtree(n));
  }
  const fmt = (entries: [string, number][]) =>
    entries
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, hits]) =>
          `  ${((hits / total) * 100).toFixed(1).padStart(5)}%  ${(hits * interval).toFixed(0).padStart(6)} ms  ${name}`,
      );
  return [
    `${total} samples, ~${interval.toFixed(2)} ms each`,
    'self time:',
    ...fmt([...self]),
    'temp-fixtures functions, inclusive time:',
    ...fmt([...inclusive]),
  ];
}

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 5);
  const scratch = enterScratch();
  try {
    // Loaded after TMPDIR points at the scratch dir.
    const ops = operations(await import('./subjects.js'), scratch);
    const make = ops[name];
    if (!make) throw new Error(`usage: profile <${Object.keys(ops).join('|')}> [--seconds=N]`);
    const op = make();
    for (let i = 0; i < 20; i++) await op(); // warm up the JIT outside the profile
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    const end = Date.now() + seconds * 1000;
    let iterations = 0;
    while (Date.now() < end) {
      await op();
      iterations++;
    }
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    session.disconnect();
    const out = path.join(HERE, '..', 'profiles', `${name}.cpuprofile`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(profile));
    console.log(
      `${name}: ${iterations} iterations in ${seconds} s → ${path.relative(process.cwd(), out)}`,
    );
    for (const line of summarise(profile, 20)) console.log(line);
  } finally {
    leaveScratch(scratch);
  }
}

await main();
