/**
 * Stress suites of the anchored walk (`pnpm test:stress`, run by CI): trees
 * 5,000 levels deep (far past PATH_MAX) under a small fd limit, and an
 * ancestor moved away mid-walk while closed for the fd budget. Moved out of
 * `cleanup-anchored.test.ts` unchanged, for the time they take.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeTree } from '../src/cleanup.js';
import { procFs } from './helpers/procfs.js';
import { useRemovalScratch } from './helpers/removal-scratch.js';
import { listTree } from './helpers/trees.js';
import { bundleLibrary } from './helpers/unprivileged.js';

const scratch = useRemovalScratch();

describe('under a small fd limit (ulimit -n 256), in a child', () => {
  it.skipIf(!procFs /* past PATH_MAX only the anchored removal (procfs) reaches */)(
    'removes 5,000-level trees with removeTree, removeTreeSync and TemporaryDirectory',
    () => {
      const bundle = bundleLibrary(scratch.dir, ['src/index', 'test/helpers/trees']);
      const code = `
      const fs = require('fs');
      const path = require('path');
      const lib = require(process.argv[1]);
      const scratch = process.argv[2];
      const build = (root) => lib.buildDeepTree(root, 5000);
      (async () => {
        const gone = {};
        for (const form of ['removeTreeSync', 'removeTree']) {
          const root = path.join(scratch, form);
          build(root);
          await lib[form](root);
          gone[form] = !fs.existsSync(root);
        }
        const sync = lib.TemporaryDirectory.createSync({ dir: scratch });
        build(path.join(sync.name, 'deep'));
        sync.cleanupSync();
        gone.cleanupSync = !fs.existsSync(sync.name);
        const promised = await lib.TemporaryDirectory.create({ dir: scratch });
        build(path.join(promised.name, 'deep'));
        await promised.cleanup();
        gone.cleanup = !fs.existsSync(promised.name);
        let fds = 0;
        try { fds = fs.readdirSync('/proc/self/fd').length; } catch {}
        console.log(JSON.stringify({ gone, limit: require('child_process').execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim(), fds }));
      })().catch((e) => { console.error(e); process.exit(1); });
    `;
      const result = spawnSync(
        '/bin/sh',
        [
          '-c',
          'ulimit -n 256 && exec "$0" -e "$1" "$2" "$3"',
          process.execPath,
          code,
          bundle,
          scratch.dir,
        ],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.limit).toBe('256');
      expect(report.gone).toEqual({
        removeTreeSync: true,
        removeTree: true,
        cleanupSync: true,
        cleanup: true,
      });
      // Nothing held open afterwards beyond the usual handful.
      expect(report.fds).toBeLessThan(40);
    },
    180_000,
  );
});

describe('an ancestor moved away while closed for the fd budget', () => {
  it.skipIf(!procFs /* the anchored removal's check */)(
    'stops with ERR_TREE_MOVED rather than walk the dir it now sits in',
    async () => {
      // 40 levels (more than the 32 descriptors one removal holds), then many
      // files at the bottom to give the mover time; siblings named like the
      // outside dir's entries, which a walk that followed the move would delete.
      const root = path.join(scratch.dir, 'tree');
      let level = root;
      const levels: string[] = [];
      for (let i = 0; i < 40; i++) {
        fs.mkdirSync(path.join(level, 'sibling'), { recursive: true });
        fs.writeFileSync(path.join(level, 'sibling', 'f'), 'tree');
        level = path.join(level, `l${i}`);
        levels.push(level);
      }
      fs.mkdirSync(level);
      for (let i = 0; i < 20000; i++) fs.writeFileSync(path.join(level, `f${i}`), '');
      const outsideDir = path.join(scratch.dir, 'outside');
      fs.mkdirSync(path.join(outsideDir, 'sibling'), { recursive: true });
      fs.writeFileSync(path.join(outsideDir, 'sibling', 'precious'), 'keep me');
      const before = listTree(outsideDir);

      const removal = removeTree(root).then(
        () => undefined,
        (error: unknown) => error,
      );
      // Once the bottom starts to empty, move level 5 (closed by then) into outside.
      const bottom = level;
      for (let i = 0; i < 5000 && fs.readdirSync(bottom).length >= 20000; i++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      fs.renameSync(levels[5]!, path.join(outsideDir, 'moved'));
      const error = await removal;
      expect(error).toMatchObject({ code: 'ERR_TREE_MOVED' });
      expect((error as Error).message).toContain(levels[4]);
      // The moved subtree was ours and is emptied (its now-empty top stays, as
      // removing it would need the parent it was moved into); the rest of
      // outside stays.
      expect(listTree(outsideDir)).toEqual(['moved/', ...before].sort());
      expect(fs.readFileSync(path.join(outsideDir, 'sibling', 'precious'), 'utf8')).toBe('keep me');
    },
    60_000,
  );
});
