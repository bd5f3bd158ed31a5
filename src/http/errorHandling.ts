// One place decides what a failure looks like: JSON `{"errors":[…]}` on the API, an NHS page elsewhere.
// Nothing internal (stack traces, SQL, file paths) ever reaches the user (ASVS 5.0 V16.5).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

export function isApiRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || req.url.startsWith('/fhir/');
}

const SERVICE_PROBLEM = { title: 'Sorry, there is a problem with the service', paragraphs: ['Try again later.'] };

const PAGE_TEXT: Record<number, { title: string; paragraphs: string[] }> = {
  400: { title: 'There is a problem with the information sent', paragraphs: ['Go back and check what you entered.'] },
  403: { title: 'You cannot do that', paragraphs: ['If you think you should be able to, ask your team manager.'] },
  404: {
    title: 'Page not found',
    paragraphs: [
      'If you typed the web address, check it is correct.',
      'If you pasted the web address, check you copied the entire address.',
    ],
  },
  409: {
    title: 'This has already been done',
    paragraphs: ['Someone else may have done it first. Go back and reload the page.'],
  },
  412: {
    title: 'Someone else changed this',
    paragraphs: [
      'Someone else changed this record after you opened it, so your change was not saved. Go back, reload the page to see what they changed, then try again.',
    ],
  },
  413: { title: 'What you sent is too large', paragraphs: ['Shorten the text and try again.'] },
  429: { title: 'Too many attempts', paragraphs: ['Wait a few minutes, then try again.'] },
  500: {
    title: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later. What you entered has not been saved.'],
  },
};

function send(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  errors: { field: string; message: string }[],
  pageMessage?: string,
) {
  reply.status(status);
  if (isApiRequest(req)) return reply.type('application/json').send({ errors });
  const text = PAGE_TEXT[status] ?? PAGE_TEXT[status >= 500 ? 500 : 400] ?? SERVICE_PROBLEM;
  const paragraphs = pageMessage && status !== 404 && status < 500 ? [pageMessage] : text.paragraphs;
  return reply.render('error.njk', { pageTitle: text.title, paragraphs });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (error instanceof HttpError) return send(req, reply, error.statusCode, error.errors, error.message);
    // Not every error has a code (a database driver's, a library's): the handler must never fail itself, or the
    // framework's own answer would carry the error's message to the user.
    const code = typeof error.code === 'string' ? error.code : '';
    if (code.startsWith('FST_CSRF')) {
      return send(
        req,
        reply,
        403,
        [{ field: '_csrf', message: 'The form has expired. Go back, reload the page and try again.' }],
        'The form has expired or was not sent from this service. Go back, reload the page and try again.',
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message =
        status === 413
          ? 'The body is too large'
          : status === 415
            ? 'Send JSON with Content-Type: application/json'
            : status === 429
              ? 'Too many requests: wait and try again'
              : code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
                ? 'The body is empty'
                : 'The request is not valid';
      return send(req, reply, status, [{ field: 'body', message }], message);
    }
    req.log.error({ err: error }, 'unhandled error');
    return send(req, reply, 500, [{ field: '', message: 'Something went wrong. Nothing was saved. Try again later.' }]);
  });
  app.setNotFoundHandler((req, reply) => send(req, reply, 404, [{ field: '', message: 'Not found' }]));
}
