/**
 * The explorer (/explorer) and the dashboard (/dashboard), served from web/dist, which
 * `npm run build:web` makes. Every script, style, font and worker comes from here, and a
 * Content-Security-Policy tells the browser to load nothing from anywhere else: the pages work in
 * networks that reach only the gateway.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const DEFAULT_WEB_DIST = path.join(__dirname, '..', 'web', 'dist');

/**
 * Only the gateway itself. Monaco and ECharts set inline styles, hence 'unsafe-inline' for styles
 * only; fonts are inlined as data: URLs; downloads are blob: URLs.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data: blob:",
  "worker-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'self'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const PAGES = { explorer: 'explorer.html', dashboard: 'dashboard.html' } as const;

function missingBuild(reply: FastifyReply, page: string): FastifyReply {
  return reply
    .code(503)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>${page}: not built</title>` +
        `<body style="font-family:system-ui,sans-serif;max-width:40em;margin:4em auto">` +
        `<h1>The ${page} is not built</h1>` +
        `<p>The gateway serves the ${page} from <code>web/dist</code>, which is missing. ` +
        `Run <code>npm run build:web</code> (<code>npm start</code> does it first) and reload this page.</p>` +
        `<p>Die Seite ist nicht gebaut: <code>npm run build:web</code> ausführen und neu laden.</p>` +
        `<p>GraphQL itself answers at <a href="graphql">/graphql</a>.</p></body></html>\n`,
    );
}

export interface WebRoutesOptions {
  /** Where the built pages are; web/dist by default. */
  distDir?: string;
}

export async function registerWebRoutes(app: FastifyInstance, options: WebRoutesOptions = {}): Promise<void> {
  const distDir = options.distDir ?? DEFAULT_WEB_DIST;
  const assetsDir = path.join(distDir, 'assets');

  await app.register(fastifyStatic, {
    root: assetsDir,
    prefix: '/assets/',
    // A missing web/dist is logged once here and answered with 503 per page below; a build made
    // after the gateway started is served without a restart.
    wildcard: true,
    index: false,
    list: false,
    dotfiles: 'deny',
    // The .br and .gz copies that build:web writes, for browsers that accept them.
    preCompressed: true,
    // Not fingerprinted: browsers revalidate (ETag) instead of keeping stale bundles.
    cacheControl: true,
    maxAge: 0,
    setHeaders: (response) => {
      response.setHeader('x-content-type-options', 'nosniff');
    },
  });

  app.get('/', (_request, reply) => reply.redirect('explorer'));
  for (const [page, file] of Object.entries(PAGES)) {
    app.get(`/${page}/`, (_request, reply) => reply.redirect(`../${page}`));
    app.get(`/${page}`, (_request, reply) => {
      if (!existsSync(path.join(distDir, file)) || !existsSync(assetsDir)) return missingBuild(reply, page);
      return reply
        .header('content-security-policy', WEB_CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache')
        .sendFile(file, distDir, { cacheControl: false });
    });
  }
}
