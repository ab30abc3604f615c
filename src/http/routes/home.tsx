// The home page.
import type { FastifyInstance } from 'fastify';
import { HomePage } from '../../views/pages/home.tsx';
import { navFor, sendPage } from '../render.tsx';
import { route } from '../route-table.ts';

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.route({
    ...route('GET /'),
    schema: { hide: true },
    handler: async (request, reply) =>
      sendPage(request, reply, {
        title: request.user ? 'Home' : 'Welcome',
        body: <HomePage user={request.user} nav={navFor(request)} />,
      }),
  });
}
