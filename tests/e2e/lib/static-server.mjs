// A tiny static file server for the built site (dist/): what any static host does, nothing more.
//
//   import { startServer } from './static-server.mjs';
//   const server = await startServer({ root: 'dist', port: 0 });   // port 0: a free port
//   server.url; server.requests; await server.close();
//
// Also a command: `node tests/e2e/lib/static-server.mjs [ROOT] [PORT] [HOST]` (scripts/serve).

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.vcf': 'text/vcard',
};

/**
 * Serve `root` on `host:port` (port 0 picks a free one). Resolves once listening.
 * `mounts` serves more folders under URL prefixes, e.g. { '/bench/': 'tests/bench/page' }.
 * `requests` records every request as { method, url, status }.
 */
export function startServer({ root, port = 0, host = '127.0.0.1', log = false, mounts = {} } = {}) {
  const roots = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix.endsWith('/') ? prefix : prefix + '/', path.resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length)
    .concat([['/', path.resolve(root)]]);
  const requests = [];
  const server = http.createServer((req, res) => {
    const record = { method: req.method, url: req.url, status: 0 };
    requests.push(record);
    const send = (status, headers, body) => {
      record.status = status;
      res.writeHead(status, headers);
      if (body === undefined || req.method === 'HEAD') res.end();
      else if (body instanceof fs.ReadStream) body.pipe(res);
      else res.end(body);
      if (log) console.log(`${status} ${req.method} ${req.url}`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, { 'Content-Type': 'text/plain', Allow: 'GET, HEAD' }, 'method not allowed\n');
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(400, { 'Content-Type': 'text/plain' }, 'bad request\n');
    }
    if (pathname.includes('\0')) return send(400, { 'Content-Type': 'text/plain' }, 'bad request\n');
    const [prefix, base] = roots.find(([p]) => pathname.startsWith(p) || pathname + '/' === p);
    let file = path.join(base, pathname.slice(prefix.length - 1));
    if (file !== base && !file.startsWith(base + path.sep)) {
      return send(403, { 'Content-Type': 'text/plain' }, 'forbidden\n');
    }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        file = path.join(file, 'index.html');
        try { st = fs.statSync(file); err = null; } catch (e) { err = e; }
      }
      if (err || !st.isFile()) {
        return send(404, { 'Content-Type': 'text/plain' }, 'not found\n');
      }
      const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
      send(200, {
        'Content-Type': type,
        'Content-Length': st.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      }, fs.createReadStream(file));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      const origin = `http://${host}:${addr.port}`;
      resolve({
        port: addr.port,
        origin,
        url: `${origin}/`,
        requests,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

// Command-line use.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [root = 'dist', port = '8080', host = '127.0.0.1'] = process.argv.slice(2);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`static-server: no ${path.join(root, 'index.html')} (build first: trunk build --release)`);
    process.exit(1);
  }
  const s = await startServer({ root, port: Number(port), host, log: !!process.env.MINGLU_SERVE_LOG });
  console.log(`Serving ${path.resolve(root)} on ${s.url}  (Ctrl-C to stop)`);
  const stop = async () => { await s.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
