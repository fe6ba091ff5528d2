// The portable lane: installs the packed packages into a fresh npm project
// as a user would, then runs the port's checks and real Vitest runs of
// vitest-temp (KEEP_TMP unset and 1, with and without the plugin), each
// checked by check.mjs (exit code, statuses, the whole root). It runs
// natively (the GitHub workflow on macOS and Windows) or, with
// `--wine <wine64> --node-exe <node.exe>`, under Node for Windows in Wine.
// Needs the packages built. Usage: node scripts/lanes/portable/lane.mjs [--wine W --node-exe N]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { wine: { type: 'string' }, 'node-exe': { type: 'string' } },
});
const wine = values.wine;
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-portable-lane-'));
const project = path.join(work, 'project');
const isWindowsHost = process.platform === 'win32';

function sh(command, args, cwd) {
  const stdio = ['ignore', 'ignore', 'inherit']; // errors only
  const result = spawnSync(command, args, { cwd, stdio, shell: isWindowsHost });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
}

try {
  const tarballs = path.join(work, 'tarballs');
  for (const pkg of ['temp-fixtures', 'vitest-temp', 'jest-temp']) {
    sh(
      'npx',
      ['-y', 'pnpm@10.34.8', 'pack', '--pack-destination', tarballs],
      path.join(repo, 'packages', pkg),
    );
  }
  const vitestVersion = JSON.parse(
    fs.readFileSync(
      path.join(repo, 'packages/vitest-temp/node_modules/vitest/package.json'),
      'utf8',
    ),
  ).version;
  fs.mkdirSync(path.join(project, 'test'), { recursive: true });
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'portable-lane', private: true, type: 'module' }),
  );
  const target = wine ? ['--os=win32', '--cpu=x64'] : [];
  const packed = fs.readdirSync(tarballs).map((name) => path.join(tarballs, name));
  sh(
    'npm',
    [
      'install',
      '--silent',
      '--no-audit',
      '--no-fund',
      ...target,
      `vitest@${vitestVersion}`,
      // Jest 29 under Wine: Jest 30's resolver (unrs-resolver) loads neither its win32 binding
      // nor, on `Z:\` paths, its wasm build. The environment's major must match Jest's.
      ...(wine ? ['jest@29', 'jest-environment-node@29'] : ['jest@30', 'jest-environment-node@30']),
      ...packed,
    ],
    project,
  );
  if (wine) {
    // Vite's bundler does not load its win32 native binding under Wine; its wasm build does.
    const rolldown = JSON.parse(
      fs.readFileSync(path.join(project, 'node_modules/rolldown/package.json'), 'utf8'),
    ).version;
    sh(
      'npm',
      [
        'install',
        '--silent',
        '--no-save',
        '--force',
        ...target,
        `@rolldown/binding-wasm32-wasi@${rolldown}`,
      ],
      project,
    );
  }
  for (const name of ['core.test.ts', 'three.test.ts']) {
    fs.copyFileSync(path.join(here, name), path.join(project, 'test', name));
  }
  fs.mkdirSync(path.join(project, 'test', 'jest'));
  fs.copyFileSync(
    path.join(here, 'jest', 'three.test.cjs'),
    path.join(project, 'test', 'jest', 'three.test.cjs'),
  );
  const jestConfig = (reporters) =>
    `module.exports = ${JSON.stringify({ testEnvironment: 'jest-temp', testMatch: ['**/test/jest/*.test.cjs'], reporters })};\n`;
  fs.writeFileSync(
    path.join(project, 'jest.reporter.config.cjs'),
    jestConfig(['default', 'jest-temp/reporter']),
  );
  fs.writeFileSync(path.join(project, 'jest.bare.config.cjs'), jestConfig(['default']));
  fs.writeFileSync(
    path.join(project, 'plugin.config.mjs'),
    "import { defineConfig } from 'vitest/config';\nimport { tempFixturesPlugin } from 'vitest-temp/plugin';\nexport default defineConfig({ plugins: [tempFixturesPlugin()] });\n",
  );
  fs.writeFileSync(path.join(project, 'bare.config.mjs'), 'export default {};\n');

  const scenarios = [
    ['core', 'bare.config.mjs', 'test/core.test.ts', ''],
    ['keep1-plugin', 'plugin.config.mjs', 'test/three.test.ts', '1'],
    ['keep1-bare', 'bare.config.mjs', 'test/three.test.ts', '1'],
    ['unset-plugin', 'plugin.config.mjs', 'test/three.test.ts', ''],
    ['unset-bare', 'bare.config.mjs', 'test/three.test.ts', ''],
    ['jest-keep1-reporter', 'jest.reporter.config.cjs', '', '1'],
    ['jest-keep1-bare', 'jest.bare.config.cjs', '', '1'],
    ['jest-unset-reporter', 'jest.reporter.config.cjs', '', ''],
    ['jest-unset-bare', 'jest.bare.config.cjs', '', ''],
  ];
  let failed = false;
  const started = Date.now();
  for (const [scenario, config, file, keep] of scenarios) {
    const root = path.join(work, 'roots', scenario);
    fs.mkdirSync(path.dirname(root), { recursive: true });
    const args = scenario.startsWith('jest-')
      ? [path.join('node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--config', config, '--json']
      : [
          path.join('node_modules', 'vitest', 'vitest.mjs'),
          'run',
          ...(wine ? ['--configLoader', 'runner'] : []), // the wasm bundler cannot read Z:\ paths
          '--config',
          config,
          '--reporter=default',
          '--reporter=json',
          file,
        ];
    args.push('--outputFile=report.json');
    const env = {
      ...process.env,
      KEEP_TMP: keep,
      CI: 'true',
      EXPECT_PLATFORM: wine ? 'win32' : process.platform,
      TEMP_FIXTURES_ROOT: wine ? `Z:${root.replaceAll('/', '\\')}` : root,
    };
    // Node's stdio under Wine must be files, not pipes.
    const out = fs.openSync(path.join(work, 'out.txt'), 'w');
    const err = fs.openSync(path.join(work, 'err.txt'), 'w');
    const run = wine
      ? spawnSync(wine, [values['node-exe'], ...args], {
          cwd: project,
          env,
          stdio: ['ignore', out, err],
        })
      : spawnSync(process.execPath, args, { cwd: project, env, stdio: ['ignore', out, err] });
    fs.closeSync(out);
    fs.closeSync(err);
    const check = spawnSync(
      process.execPath,
      [
        path.join(here, 'check.mjs'),
        scenario,
        String(run.status),
        path.join(project, 'report.json'),
        root,
        path.join(work, 'out.txt'),
        path.join(work, 'err.txt'),
      ],
      { stdio: 'inherit' },
    );
    if (check.status !== 0) {
      failed = true;
      process.stdout.write(fs.readFileSync(path.join(work, 'out.txt'), 'utf8').slice(0, 6000));
      const errors = fs.readFileSync(path.join(work, 'err.txt'), 'utf8').split('\n');
      console.log(
        errors
          .filter((line) => !/ExperimentalWarning|trace-warnings/.test(line))
          .slice(0, 40)
          .join('\n'),
      );
    }
    fs.rmSync(path.join(project, 'report.json'), { force: true });
  }
  console.log(
    `portable lane${wine ? ' (Wine)' : ''}: ${Math.round((Date.now() - started) / 1000)} s for the runs`,
  );
  process.exitCode = failed ? 1 : 0;
} finally {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a debugging aid, outside turbo
  if (!process.env.KEEP_LANE) fs.rmSync(work, { recursive: true, force: true });
}
