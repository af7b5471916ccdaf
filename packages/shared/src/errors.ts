/** One error taxonomy for server, UI and third parties: stable codes, HTTP statuses, localised messages. */
export const ERROR_CODES = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  password_change_required: 403,
  mfa_required: 401,
  mfa_setup_required: 403,
  forbidden: 403,
  reauth_required: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  account_locked: 423,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type Locale = 'zh-CN' | 'en-US';

export const ERROR_MESSAGES: Record<ErrorCode, Record<Locale, string>> = {
  validation_failed: { 'zh-CN': '提交的数据有误，请检查标出的字段', 'en-US': 'The submitted data is invalid; check the marked fields' },
  bad_request: { 'zh-CN': '请求无效', 'en-US': 'Bad request' },
  unauthenticated: { 'zh-CN': '请先登录，或登录已过期', 'en-US': 'Please sign in; your session may have expired' },
  password_change_required: { 'zh-CN': '首次登录须先修改密码', 'en-US': 'You must change your password first' },
  mfa_required: { 'zh-CN': '请输入动态验证码完成二次验证', 'en-US': 'Enter your authenticator code to finish signing in' },
  mfa_setup_required: {
    'zh-CN': '您的角色须启用双因素认证，请先绑定身份验证器',
    'en-US': 'Your role requires two-factor authentication; set up an authenticator first',
  },
  forbidden: { 'zh-CN': '没有执行此操作的权限', 'en-US': 'You are not allowed to do this' },
  reauth_required: {
    'zh-CN': '导出个人信息前须再次输入密码确认身份',
    'en-US': 'Enter your password again to confirm it is you before exporting personal data',
  },
  not_found: { 'zh-CN': '记录不存在或无权查看', 'en-US': 'Not found' },
  conflict: {
    'zh-CN': '数据已被他人修改或与现有记录冲突，请刷新后重试',
    'en-US': 'The record was changed by someone else or conflicts with an existing one; reload and retry',
  },
  payload_too_large: { 'zh-CN': '文件或请求过大', 'en-US': 'The file or request is too large' },
  unsupported_media_type: { 'zh-CN': '不支持的文件类型', 'en-US': 'Unsupported file type' },
  account_locked: { 'zh-CN': '登录失败次数过多，账号已临时锁定，请稍后再试', 'en-US': 'Too many failed sign-ins; the account is temporarily locked' },
  rate_limited: { 'zh-CN': '操作过于频繁，请稍后再试', 'en-US': 'Too many requests; try again later' },
  internal_error: { 'zh-CN': '服务器内部错误，请联系管理员并提供请求编号', 'en-US': 'Internal error; contact the administrator with the request id' },
  unavailable: { 'zh-CN': '服务暂不可用', 'en-US': 'Service unavailable' },
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; requestId?: string };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in ERROR_CODES;
}

export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : 'zh-CN';
}
