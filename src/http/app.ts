// The HTTP server: Fastify with security headers, CSRF-checked forms, rate
// limits, body size limits, better-auth, server-rendered pages, the JSON API
// (OpenAPI at /api/docs) and health checks. Routes are thin: validate →
// authorize (in the services, by the policy) → call the service → render or
// redirect.
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import helmet from 'helmet';
import type { Product } from '../app.ts';
import type { TrustProxy } from '../config.ts';
import { publicDir } from '../paths.ts';
import { defaultSignInLimits, type SignInLimits } from '../services/sign-in-limits.ts';
import { csrfUserInfo } from './render.tsx';
import { registerBodyChecks } from './body-checks.ts';
import { registerErrorHandling } from './errors.tsx';
import { authPlugin } from './plugins/auth.ts';
import { signInLimitPlugin } from './plugins/sign-in-limits.tsx';
import { libraryRoutePrefixes, type RouteInfo, routeTable } from './route-table.ts';
import { accountRoutes } from './routes/account.tsx';
import { advisingRoutes } from './routes/advising.tsx';
import { adminRoutes } from './routes/admin.tsx';
import { apiRoutes } from './routes/api.ts';
import { apiEndorsementRoutes } from './routes/api-endorsements.ts';
import { apiExamRoutes } from './routes/api-exam.ts';
import { apiProcessRoutes } from './routes/api-process.ts';
import { apiTokenRoutes } from './routes/api-tokens.tsx';
import { associationSettingsRoutes } from './routes/association-settings.tsx';
import { applicationRoutes } from './routes/applications.tsx';
import { endorseeRoutes } from './routes/endorsee.tsx';
import { examTakingRoutes } from './routes/exam-taking.tsx';
import { endorsementRoutes } from './routes/endorsements.tsx';
import { renewalYearRoutes } from './routes/renewal-year.tsx';
import { examBankRoutes } from './routes/exam-bank.tsx';
import { healthRoutes } from './routes/health.ts';
import { credentialRoutes } from './routes/credentials.ts';
import { registryRoutes } from './routes/registry.tsx';
import { homeRoutes } from './routes/home.tsx';
import { peopleRoutes } from './routes/people.tsx';
import { portfolioRoutes } from './routes/portfolio.tsx';
import { renewalRoutes } from './routes/renewals.tsx';
import { selfStudyRoutes } from './routes/self-study.tsx';
import { referenceRoutes } from './routes/references.tsx';
import { reviewerRoutes } from './routes/reviewers.tsx';
import { examReadingRoutes } from './routes/exam-reading.tsx';
import { examSittingRoutes } from './routes/exam-sittings.tsx';
import { sessionRoutes } from './routes/session.tsx';
import { setupRoutes } from './routes/setup.tsx';
import { submissionRoutes } from './routes/submission.tsx';
import { reviewRoutes } from './routes/review.tsx';

export interface BuildAppOptions {
  /** Requests per minute per client address, for all routes (default: the RATE_LIMIT_PER_MINUTE setting; 0 is off). */
  rateLimit?: number;
  /** The sign-in limits (default 10 attempts per address per minute, 10 failures per account per 15 minutes). */
  signInLimits?: Partial<SignInLimits>;
  /** Where logs go (tests capture them); default stdout at the configured level. */
  logStream?: NodeJS.WritableStream;
  /** The clock the routes pass to services where time matters (tests set it; default the real one). */
  now?: () => Date;
}

export const BODY_LIMIT = 1024 * 1024; // forms and JSON
export const UPLOAD_LIMIT = 10 * 1024 * 1024; // one uploaded file

/** Query parameters that carry secrets: never written to the log. */
const secretParams = /([?&](?:token|callbackURL|code)=)[^&]*/gi;
export const redactUrl = (url: string): string =>
  url
    .replace(secretParams, '$1[redacted]')
    .replace(/(\/reset-password\/)[^/?]+/, '$1[redacted]')
    .replace(/(\/references\/respond\/)[^/?]+/, '$1[redacted]');

export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'headers.cookie',
        'headers.authorization',
        '*.password',
        '*.newPassword',
        '*.currentPassword',
        '*.token',
        '*.secret',
        '*._csrf',
        'body.password',
        'body.newPassword',
        'body.currentPassword',
        'body.token',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; hostname?: string; ip?: string }) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.hostname,
        remoteAddress: req.ip,
      }),
    },
  };
}

/**
 * Which hops of X-Forwarded-For to believe, walking from the connection
 * towards the client; the client is the first one not trusted. A hop count
 * trusts that many hops whatever their address (Fastify's own number option
 * trusts none).
 */
function proxyTrust(trust: TrustProxy): FastifyServerOptions['trustProxy'] {
  if (trust === false) return false;
  if ('hops' in trust) {
    const { hops } = trust;
    return (_address: string, hop: number) => hop < hops;
  }
  return trust.proxies;
}

/** The headers a response middleware sets, in its order, run once on a stand-in request. */
function headersSetBy(
  middleware: (req: never, res: never, next: (error?: unknown) => void) => void,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: () => {},
  };
  middleware({} as never, res as never, (error) => {
    if (error) throw error;
  });
  return headers;
}

export async function buildApp(product: Product, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config } = product;
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    bodyLimit: BODY_LIMIT,
    // Unique across processes and restarts: the reference an error page shows.
    genReqId: () => randomUUID(),
    trustProxy: proxyTrust(config.trustProxy),
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorate('product', product);
  app.decorate('now', options.now ?? (() => new Date()));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Every route must be in the route table (or owned by a library), so the
  // authorization matrix can walk them all.
  const registered: RouteInfo[] = [];
  app.addHook('onRoute', (opts) => {
    const info = opts.config?.route;
    if (info) {
      registered.push(info);
      return;
    }
    const url = opts.url;
    if (opts.method === 'HEAD' || libraryRoutePrefixes.some((p) => url.startsWith(p)) || url === '/api/docs')
      return;
    throw new Error(`route ${String(opts.method)} ${url} is not in src/http/route-table.ts`);
  });

  // Security headers on every response, worked out once at start-up: none of them depends on
  // the request, so helmet's middleware runs once and what it sets goes out with every reply.
  const securityHeaders = headersSetBy(
    helmet({
      // Only this site's own files: no inline scripts or styles, no frames, forms post here only.
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          scriptSrcAttr: ["'none'"],
        },
      },
      strictTransportSecurity: config.baseUrl.startsWith('https://')
        ? { maxAge: 15552000, includeSubDomains: true }
        : false,
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });

  // The general rate limit is counted in this process's memory, by design:
  // each server process limits its own clients, so N processes allow up to N
  // times the number. The limits that matter across processes (signing in and
  // up, sign-in links, password resets) are counted in the database
  // (plugins/sign-in-limits.tsx).
  const perMinute = options.rateLimit ?? config.rateLimitPerMinute;
  if (perMinute > 0) {
    await app.register(fastifyRateLimit, {
      global: true,
      max: perMinute,
      timeWindow: '1 minute',
      allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
    });
  }

  await app.register(fastifyCookie, { secret: config.secret, hook: 'onRequest' });
  await app.register(fastifyCsrf, {
    cookieKey: 'endorse.csrf',
    cookieOpts: {
      path: '/',
      sameSite: 'lax',
      httpOnly: true,
      signed: true,
      secure: config.trustProxy !== false || config.baseUrl.startsWith('https://'),
    },
    // Tokens are bound to the session: a token from before signing in (or from
    // another person's session) does not work after it.
    getUserInfo: csrfUserInfo,
    csrfOpts: { hmacKey: config.secret },
    getToken: (request) =>
      ((request.body as Record<string, unknown> | undefined)?._csrf as string | undefined) ??
      (request.headers['x-csrf-token'] as string | undefined),
  });
  await app.register(fastifyFormbody);
  // Uploads come with the portfolio; the limits are in place from the start.
  await app.register(fastifyMultipart, {
    limits: { fileSize: UPLOAD_LIMIT, files: 5, fields: 50, fieldSize: 100 * 1024 },
  });
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/assets/',
    index: false,
    maxAge: config.env === 'production' ? '1d' : 0,
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Endorse API',
        version: '1',
        description:
          "For association staff and programs: the applications, people and catalog, the application's process (advisors, reviewers, decisions, fee waivers; reviewers' own reviews), and the written exam (item bank and forms, sittings and registrations, blind reading, item statistics; applicants' own exams, signed in only). Sign in (session cookie) or send an API token made by an association admin: `Authorization: Bearer endorse_…`. A token acts for the admin who made it, only within its association. Signed in, send the `csrfToken` of GET /api/v1/me in an `x-csrf-token` header with every POST. Errors come back as `{ error, message, field?, code? }`: `field` names the parameter at fault, `code` the product's reason (e.g. 409 APPLICATION_STATE_CHANGED when someone else acted first). What the caller may not see answers 404.",
      },
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'An API token (endorse_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'endorse.session_token' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  signInLimitPlugin(app, { ...defaultSignInLimits, ...options.signInLimits });
  await authPlugin(app);
  registerErrorHandling(app);
  // Every HTML form route checks its CSRF token before anything else looks at the body, and so
  // does every API POST made with the session cookie (an API token is never sent by a browser unasked).
  app.addHook('preValidation', (request, reply, done) => {
    const kind = request.routeOptions.config.route?.kind;
    if (kind === 'form' || (kind === 'api' && request.method === 'POST' && request.sessionId))
      app.csrfProtection(request, reply, done);
    else done();
  });
  // Deep JSON and control characters in any body: 400 with the field (see body-checks.ts).
  registerBodyChecks(app);

  await app.register(healthRoutes);
  await app.register(credentialRoutes);
  await app.register(registryRoutes);
  await app.register(homeRoutes);
  await app.register(sessionRoutes);
  await app.register(accountRoutes);
  await app.register(endorseeRoutes);
  await app.register(renewalRoutes);
  await app.register(setupRoutes);
  await app.register(adminRoutes);
  await app.register(peopleRoutes);
  await app.register(apiTokenRoutes);
  await app.register(associationSettingsRoutes);
  await app.register(applicationRoutes);
  await app.register(portfolioRoutes);
  await app.register(selfStudyRoutes);
  await app.register(submissionRoutes);
  await app.register(reviewRoutes);
  await app.register(examTakingRoutes);
  await app.register(referenceRoutes);
  await app.register(reviewerRoutes);
  await app.register(examBankRoutes);
  await app.register(examReadingRoutes);
  await app.register(examSittingRoutes);
  await app.register(advisingRoutes);
  await app.register(endorsementRoutes);
  await app.register(renewalYearRoutes);
  await app.register(apiRoutes);
  await app.register(apiProcessRoutes);
  await app.register(apiExamRoutes);
  await app.register(apiEndorsementRoutes);

  await app.ready();
  const missing = routeTable.filter(
    (info) => !registered.some((x) => x.method === info.method && x.url === info.url),
  );
  if (missing.length) {
    throw new Error(
      `routes in the table but not served: ${missing.map((m) => `${m.method} ${m.url}`).join(', ')}`,
    );
  }
  return app;
}
