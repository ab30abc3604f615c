// The floor the page benchmarks are measured against: Fastify with one route
// that answers a small HTML page, no plugins, no database.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const page = '<!doctype html><html lang="en"><title>Bare</title><p>Hello</p></html>';
app.get('/healthz', async () => ({ ok: true }));
app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
