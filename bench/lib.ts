import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const BIN = path.join(ROOT, 'apps/server/bin/taizhang.mjs');

export interface Result {
  name: string;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  ratioToBare?: number;
  rssMb?: number;
}

export function cli(env: NodeJS.ProcessEnv, args: string[], input?: string): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`taizhang ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Starts a process and resolves once it prints a line matching `ready`. */
export function startProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ proc: ChildProcess; line: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => ready.test(l));
      if (line) {
        proc.stdout?.off('data', onData);
        resolve({ proc, line });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (d: Buffer) => {
      buf += d.toString();
    });
    proc.on('exit', (code) => reject(new Error(`process exited (${code}): ${buf.slice(-2000)}`)));
  });
}

export function rssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * autocannon at 50 connections for BENCH_SECONDS, after a warm-up of BENCH_WARMUP_SECONDS (default 2) on the same
 * target whose numbers are dropped: the first requests of a route pay for lazy module loading, JIT compilation and
 * cold statement caches, which is start-up cost, not throughput.
 */
export async function load(name: string, opts: autocannon.Options): Promise<Result> {
  const warmup = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
  if (warmup > 0) await autocannon({ connections: 50, duration: warmup, ...opts });
  const r = await autocannon({ connections: 50, duration: Number(process.env.BENCH_SECONDS ?? 8), ...opts });
  return { name, requestsPerSec: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

export function writeResults(file: string, results: unknown[], table: string): void {
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench/results', `${file}.json`), `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
  writeFileSync(path.join(ROOT, 'bench/results', `${file}.md`), `${table}\n`);
  process.stdout.write(`${table}\n`);
}

/** Logs in over HTTP and returns the cookie and CSRF token. */
export async function login(base: string, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const body = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}
