/**
 * `npm run build:web`: bundles the explorer (GraphiQL 5 with Monaco) and the dashboard (ECharts)
 * with esbuild into web/dist, which the gateway serves at /explorer, /dashboard and /assets/*.
 * Everything a page needs is in there — scripts, styles, fonts (inlined), Monaco's web workers —
 * so the pages work in networks that reach nothing but the gateway.
 *
 *   web/dist/explorer.html, dashboard.html
 *   web/dist/assets/explorer.{js,css}, dashboard.{js,css}
 *   web/dist/assets/workers/{editor,json,graphql}.worker.js
 *
 * Each .js and .css also gets a .gz and .br copy, which the gateway sends to browsers that accept
 * them.
 */
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { build, type BuildOptions, type Plugin } from 'esbuild';

export const WEB_ROOT = __dirname;
export const WEB_DIST = path.join(WEB_ROOT, 'dist');

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/**
 * graphiql/style.css already holds Monaco's whole stylesheet (with the codicon font inlined), so
 * the stylesheets Monaco's modules import one by one are left out instead of bundled twice.
 */
const skipMonacoCss: Plugin = {
  name: 'skip-monaco-css',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\.css$/ }, (args) =>
      /[\\/]node_modules[\\/]monaco-editor[\\/]/.test(args.importer)
        ? { path: args.path, namespace: 'empty-css' }
        : null,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'empty-css' }, () => ({ contents: '', loader: 'css' }));
  },
};

export interface BuildWebOptions {
  outdir?: string;
  minify?: boolean;
  log?: (line: string) => void;
}

export interface BuiltFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

async function precompress(file: string): Promise<number> {
  const content = await readFile(file);
  const [gz, br] = await Promise.all([
    gzipAsync(content, { level: 9 }),
    brotliAsync(content, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } }),
  ]);
  await Promise.all([writeFile(`${file}.gz`, gz), writeFile(`${file}.br`, br)]);
  return gz.length;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0).padStart(6)} KiB`;
}

/** Builds both pages into `outdir` (web/dist), replacing what was there. */
export async function buildWeb(options: BuildWebOptions = {}): Promise<BuiltFile[]> {
  const outdir = options.outdir ?? WEB_DIST;
  const minify = options.minify ?? true;
  const started = Date.now();
  await rm(outdir, { recursive: true, force: true });
  const assets = path.join(outdir, 'assets');
  await mkdir(assets, { recursive: true });

  const common: BuildOptions = {
    bundle: true,
    minify,
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16', 'edge109'],
    legalComments: 'linked',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    absWorkingDir: WEB_ROOT,
  };

  // Monaco's workers, each a classic script the page starts with new Worker(url).
  await build({
    ...common,
    format: 'iife',
    entryPoints: {
      'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
    outdir: path.join(assets, 'workers'),
  });

  await build({
    ...common,
    format: 'iife',
    entryPoints: { explorer: 'explorer/main.tsx', dashboard: 'dashboard/main.ts' },
    outdir: assets,
    jsx: 'automatic',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
    assetNames: 'files/[name]-[hash]',
    plugins: [skipMonacoCss],
  });

  await copyFile(path.join(WEB_ROOT, 'explorer', 'index.html'), path.join(outdir, 'explorer.html'));
  await copyFile(path.join(WEB_ROOT, 'dashboard', 'index.html'), path.join(outdir, 'dashboard.html'));

  const files = [
    'assets/explorer.js',
    'assets/explorer.css',
    'assets/workers/editor.worker.js',
    'assets/workers/json.worker.js',
    'assets/workers/graphql.worker.js',
    'assets/dashboard.js',
    'assets/dashboard.css',
  ];
  const built: BuiltFile[] = [];
  for (const file of files) {
    const full = path.join(outdir, file);
    const { size } = await stat(full);
    built.push({ file, bytes: size, gzipBytes: await precompress(full) });
  }
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  log(`web/dist built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const f of built) log(`  ${f.file.padEnd(34)} ${kib(f.bytes)}  (gzip ${kib(f.gzipBytes).trim()})`);
  return built;
}

/** The newest modification time of the page sources (web/ without dist/), for "is dist stale?". */
async function newestSource(dir = WEB_ROOT): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestSource(full) : (await stat(full)).mtimeMs);
  }
  return newest;
}

/** Builds web/dist when it is missing or older than a source file (the test run calls this). */
export async function ensureWebBuilt(log?: (line: string) => void): Promise<boolean> {
  try {
    const built = await stat(path.join(WEB_DIST, 'assets', 'dashboard.js'));
    const page = await stat(path.join(WEB_DIST, 'explorer.html'));
    // A changed lockfile may mean other GraphiQL or ECharts versions: rebuild then too.
    const lockfile = await stat(path.join(WEB_ROOT, '..', 'package-lock.json')).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    if (Math.min(built.mtimeMs, page.mtimeMs) >= Math.max(lockfile, await newestSource())) return false;
  } catch {
    // missing: build
  }
  await buildWeb(log ? { log } : {});
  return true;
}

if (require.main === module) {
  // `--if-stale` (npm start): only when web/dist is missing or older than its sources.
  const run = process.argv.includes('--if-stale')
    ? ensureWebBuilt((line) => console.log(line)).then((built) => {
        if (!built) console.log('web/dist is up to date');
      })
    : buildWeb();
  run.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
