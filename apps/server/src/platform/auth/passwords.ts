import { hash, verify } from '@node-rs/argon2';
import { randomToken } from '../crypto.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';

export async function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

export interface PasswordPolicy {
  minLength: number;
  /** `dengbao` adds the three-of-four character classes rule (see config.ts PASSWORD_STYLE). */
  style?: 'asvs' | 'dengbao';
}

/** The password rules of the security policy in force. */
export function policyOf(p: { passwordMinLength: number; passwordStyle: 'asvs' | 'dengbao' }): PasswordPolicy {
  return { minLength: p.passwordMinLength, style: p.passwordStyle };
}

/** How many of the four classes (upper, lower, digit, other) a password uses. */
export function characterClasses(password: string): number {
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/**
 * Returns the reasons a password is refused (empty when acceptable). ASVS style: length, not common, not the
 * username; 等保 style adds three of four character classes.
 */
export function passwordProblems(password: string, username: string, policy: PasswordPolicy): string[] {
  const problems: string[] = [];
  if ([...password].length < policy.minLength) problems.push(`密码至少 ${policy.minLength} 个字符 / at least ${policy.minLength} characters`);
  if (policy.style === 'dengbao' && characterClasses(password) < 3)
    problems.push('密码须包含大写字母、小写字母、数字、符号中的至少三类 / use at least three of: upper case, lower case, digits, symbols');
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password) || /^(0123456789|1234567890|abcdefghij)/.test(lower))
    problems.push('密码过于常见，容易被猜中 / this password is too common');
  if (lower === username.toLowerCase() || (lower.includes(username.toLowerCase()) && username.length >= 4))
    problems.push('密码不能与用户名相同或包含用户名 / must not contain the username');
  return problems;
}

/** A random password that satisfies the policy, for first admins and resets. */
export function generatePassword(): string {
  return `Tz-${randomToken(12)}`;
}
