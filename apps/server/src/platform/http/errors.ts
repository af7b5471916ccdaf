import { ERROR_CODES, ERROR_MESSAGES, type ErrorCode, isErrorCode, pickLocale } from '@taizhang/shared';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export function sendError(req: FastifyRequest, reply: FastifyReply, code: ErrorCode, details?: unknown) {
  const locale = pickLocale(req.headers['accept-language']);
  return reply
    .status(ERROR_CODES[code])
    .header('cache-control', 'no-store')
    .send({ error: { code, message: ERROR_MESSAGES[code][locale], details: details ?? null, requestId: String(req.id) } });
}

/** Maps anything thrown to the taxonomy; never leaks a stack trace. */
export function classify(err: unknown): { code: ErrorCode; details?: unknown } {
  if (err instanceof AppError) return { code: err.code, details: err.details };
  const fe = err as FastifyError & { code?: string; statusCode?: number };
  if (fe?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { code: 'unsupported_media_type' };
  if (fe?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { code: 'payload_too_large' };
  if (fe?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe instanceof SyntaxError)
    return { code: 'validation_failed', details: { fields: [{ field: 'body', message: 'invalid JSON' }] } };
  if (fe?.statusCode === 429) return { code: 'rate_limited' };
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const c = fe.code && isErrorCode(fe.code) ? fe.code : 'bad_request';
    return { code: c };
  }
  return { code: 'internal_error' };
}
