// The corpus chart repository on 127.0.0.1:8879 as a small detached daemon.
// Test processes (several vitest runs may share this machine) all use one server that no run owns:
// it exits by itself after IDLE_MS without requests, so nobody has to stop it and no run can pull
// it away from another one mid-test.
// Usage: node chart-repo-daemon.mjs <corpus dir> <port> <idle ms>
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize, sep } from 'node:path';

const [root, portText, idleText] = process.argv.slice(2);
const port = Number(portText);
const idleMs = Number(idleText);
let last = Date.now();

const server = createServer((req, res) => {
  last = Date.now();
  const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
  const file = path.startsWith('/charts/') ? normalize(join(root, path.slice('/charts/'.length))) : '';
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end('not found');
    return;
  }
  const body = readFileSync(file);
  res.writeHead(200, {
    'content-length': body.byteLength,
    'content-type': file.endsWith('.yaml') ? 'text/yaml' : 'application/gzip',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
});

// Another daemon already serves the port: nothing to do.
server.on('error', () => process.exit(0));
server.listen(port, '127.0.0.1');
setInterval(() => {
  if (Date.now() - last > idleMs) process.exit(0);
}, 1000).unref();
server.keepAliveTimeout = 2000;
