import { createServer, type Server } from 'node:http';

interface User {
  id: number;
  name: string;
  username: string;
  email: string;
  [key: string]: unknown;
}

const SEED: User[] = [
  { id: 1, name: 'Leanne Graham', username: 'Bret', email: 'Sincere@april.biz' },
  { id: 2, name: 'Ervin Howell', username: 'Antonette', email: 'Shanna@melissa.tv' },
  { id: 3, name: 'Clementine Bauch', username: 'Samantha', email: 'Nathan@yesenia.net' },
];

/**
 * A local stand-in for the example API of the source design (jsonplaceholder's `/users`):
 * `GET /users`, `GET /users/:id`, and `POST /users` answering 201 with the body plus `id` and
 * `createdAt`. Nothing is stored, as with jsonplaceholder.
 *
 * @example
 * ```ts
 * const api = await startExampleApi(3001);
 * // curl http://127.0.0.1:3001/users/1
 * ```
 */
export function startExampleApi(port: number, host = '127.0.0.1'): Promise<Server> {
  let nextId = 573;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const send = (status: number, body: unknown): void => {
      const bytes = Buffer.from(JSON.stringify(body));
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': bytes.length });
      res.end(bytes);
    };
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = /^\/users(?:\/(\d+))?\/?$/.exec(url.pathname);
      if (!match) return send(404, {});
      const id = match[1] === undefined ? undefined : Number(match[1]);
      if (req.method === 'GET' && id === undefined) return send(200, SEED);
      if (req.method === 'GET') {
        const user = SEED.find((candidate) => candidate.id === id);
        return user ? send(200, user) : send(404, {});
      }
      if (req.method === 'POST' && id === undefined) {
        let body: unknown;
        try {
          body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        } catch {
          return send(400, { error: 'body is not JSON' });
        }
        nextId += 1;
        return send(201, { ...(body as object), id: String(nextId), createdAt: new Date().toISOString() });
      }
      res.writeHead(405, { Allow: id === undefined ? 'GET, POST' : 'GET' }).end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
