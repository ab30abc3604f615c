// Health checks for load balancers and orchestrators.
import type { FastifyInstance } from 'fastify';
import { checkDatabase } from '../../services/health.ts';
import { route } from '../route-table.ts';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  // Alive: the process answers; the database is not asked.
  app.route({ ...route('GET /healthz'), schema: { hide: true }, handler: async () => ({ status: 'ok' }) });

  // Ready: the database answers.
  app.route({
    ...route('GET /readyz'),
    schema: { hide: true },
    handler: async (request, reply) => {
      try {
        await checkDatabase(app.product);
        return { status: 'ok', database: app.product.db.dialect };
      } catch (e) {
        request.log.error({ err: e }, 'database is not reachable');
        return reply.status(503).send({ status: 'unavailable', database: app.product.db.dialect });
      }
    },
  });
}
