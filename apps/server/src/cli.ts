import { setFlagsFromString } from 'node:v8';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isRole } from '@taizhang/shared';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { ensureFirstAdmins } from './modules/users/first-admin.ts';
import { addGrant, createUser, resetPassword } from './modules/users/service.ts';
import { ArchiveRefused, archiveAudit, verifyArchive } from './platform/audit/archive.ts';
import { verifyAuditChain } from './platform/audit/audit.ts';
import { findTamperedGrants, findTamperedSettings } from './platform/security/integrity.ts';
import { bindKeyring, readKeyFile } from './platform/security/keyring.ts';
import { rotateKeys } from './platform/security/rotate.ts';
import { backup, restore, verifyBackup } from './platform/backup.ts';
import { openContext } from './platform/bootstrap.ts';
import type { AppContext } from './platform/context.ts';
import { AppError } from './platform/errors.ts';
import { EXTRA_COMMANDS } from './cli-commands.ts';

const USAGE = `taizhang <command>

  serve [--port N] [--host H]           start the web server (migrates first)
  migrate                               apply database migrations
  user create --username U --role R [--org CODE] [--name NAME] [--password-stdin]
  user reset-password --username U [--password-stdin]
  audit verify                          check the audit hash chain
  backup --out FILE [--encrypt]         consistent backup (SQLite VACUUM INTO / pg_dump); encrypted when a key is set
  backup verify FILE                    restore to a scratch place; check integrity, row counts, audit chain
  restore FILE                          restore a backup into an empty data directory / database
  audit archive --before DATE --out FILE  move audit rows older than DATE (≥ retention) to a signed file
  audit verify-archive FILE             check an audit archive's signature, hashes and links
  keys rotate --new-key-file F          re-encrypt every sealed field with the key in F
  security verify                       list rows whose integrity tag fails (grants) and check the audit chain
${Object.values(EXTRA_COMMANDS)
  .map((c) => `  ${c.usage}`)
  .join('\n')}
`;

function out(line: string) {
  process.stdout.write(`${line}\n`);
}

function readStdinPassword(): string {
  return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}

function cliAudit(ctx: AppContext, action: string, detail: { entityType?: string; entityId?: number | string; orgId?: number | null; after?: unknown }) {
  return { at: ctx.clock.now().toISOString(), actorId: null, actorName: `cli:${process.env.USER ?? 'operator'}`, action, result: 'ok' as const, ...detail };
}

async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === 'help') {
    out(USAGE);
    return cmd ? 0 : 1;
  }
  if (cmd === 'serve') {
    const { values } = parseArgs({ args: argv.slice(1), options: { port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' } } });
    const config = loadConfig(process.env, { ...(values.port ? { PORT: values.port } : {}), ...(values.host ? { HOST: values.host } : {}) });
    if (config.HEAP_GROWING_PERCENT > 0) setFlagsFromString(`--heap-growing-percent=${config.HEAP_GROWING_PERCENT}`);
    const ctx = await openContext(config);
    if (values.demo && EXTRA_COMMANDS.demo) await EXTRA_COMMANDS.demo.onEmpty?.(ctx);
    const admins = await ensureFirstAdmins(ctx);
    if (admins) {
      out('================ 首次启动 / first start ================');
      out('以下一次性密码只显示这一次，首次登录后须修改。 One-time passwords, shown once; change at first login:');
      for (const a of admins) out(`  ${a.username.padEnd(10)} ${a.role.padEnd(16)} ${a.password}`);
      out('========================================================');
    }
    const app = await buildApp(ctx);
    await app.listen({ port: config.PORT, host: config.HOST });
    await import('./modules/scheduled.ts');
    const { startScheduler } = await import('./modules/tasks/scheduler.ts');
    const scheduler = startScheduler(ctx, { intervalSeconds: 30 });
    out(`Taizhang listening on http://localhost:${config.PORT} (${ctx.dialect})`);
    const stop = async () => {
      await scheduler.stop();
      await app.close();
      await ctx.handle.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return -1;
  }
  if (cmd === 'migrate') {
    const handle = createDatabase(loadConfig());
    const applied = await migrateToLatest(handle);
    out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    await handle.close();
    return 0;
  }
  if (cmd === 'user' && sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        username: { type: 'string' },
        role: { type: 'string' },
        org: { type: 'string' },
        name: { type: 'string' },
        'password-stdin': { type: 'boolean' },
      },
    });
    if (!values.username || !values.role) throw new UsageError('user create needs --username and --role');
    if (!isRole(values.role)) throw new UsageError(`unknown role ${values.role}`);
    const role = values.role;
    const ctx = await openContext();
    try {
      const orgId = values.org ? (await ctx.db.selectFrom('org_units').select('id').where('code', '=', values.org).executeTakeFirst())?.id : null;
      if (values.org && !orgId) throw new UsageError(`no org unit with code ${values.org}`);
      const password = values['password-stdin'] ? readStdinPassword() : undefined;
      const username = values.username;
      const res = await ctx.db.transaction().execute(async (trx) => {
        const r = await createUser(ctx, trx, { username, displayName: values.name ?? username, password });
        await addGrant(ctx, trx, r.user.id, role, orgId ?? null);
        await ctx.audit.write(trx, cliAudit(ctx, 'user.create', { entityType: 'user', entityId: r.user.id, orgId: orgId ?? null, after: { username, role } }));
        return r;
      });
      out(`created user ${username} (${role}${values.org ? ` on ${values.org}` : ', whole tree'})`);
      if (res.password) out(`one-time password (must be changed at first login): ${res.password}`);
      return 0;
    } finally {
      await ctx.handle.close();
    }
  }
  if (cmd === 'user' && sub === 'reset-password') {
    const { values } = parseArgs({ args: rest, options: { username: { type: 'string' }, 'password-stdin': { type: 'boolean' } } });
    if (!values.username) throw new UsageError('user reset-password needs --username');
    const ctx = await openContext();
    try {
      const user = await ctx.db.selectFrom('users').select('id').where('username', '=', values.username).executeTakeFirst();
      if (!user) throw new UsageError(`no user ${values.username}`);
      const password = values['password-stdin'] ? readStdinPassword() : undefined;
      const res = await ctx.db.transaction().execute(async (trx) => {
        const r = await resetPassword(ctx, trx, user.id, password);
        await ctx.audit.write(trx, cliAudit(ctx, 'user.reset_password', { entityType: 'user', entityId: user.id }));
        return r;
      });
      out(`password reset for ${values.username}; sessions revoked`);
      if (res.password) out(`one-time password (must be changed at next login): ${res.password}`);
      return 0;
    } finally {
      await ctx.handle.close();
    }
  }
  if (cmd === 'audit' && sub === 'verify') {
    const ctx = await openContext();
    try {
      const r = await verifyAuditChain(ctx.db);
      if (r.ok) {
        out(`audit chain ok: ${r.checked} events verified`);
        return 0;
      }
      out(`audit chain BROKEN at event id ${r.brokenId}: ${r.reason} (${r.checked} events before it verified)`);
      return 2;
    } finally {
      await ctx.handle.close();
    }
  }
  if (cmd === 'backup' && sub === 'verify') {
    const file = rest[0];
    if (!file) throw new UsageError('backup verify needs FILE');
    const r = await verifyBackup(loadConfig(), file);
    out(JSON.stringify(r, null, 2));
    out(r.ok ? 'backup verified: restore test passed' : 'backup verification FAILED');
    return r.ok ? 0 : 2;
  }
  if (cmd === 'backup') {
    const { values } = parseArgs({ args: argv.slice(1), options: { out: { type: 'string' }, encrypt: { type: 'boolean' } } });
    if (!values.out) throw new UsageError('backup needs --out FILE');
    const r = await backup(loadConfig(), values.out, { encrypt: values.encrypt });
    out(`backup written to ${values.out} (${r.bytes} bytes${r.encrypted ? ', encrypted' : ''})`);
    return 0;
  }
  if (cmd === 'restore') {
    if (!sub) throw new UsageError('restore needs FILE');
    const config = loadConfig();
    restore(config, sub);
    const handle = createDatabase(config);
    await migrateToLatest(handle);
    const chain = await verifyAuditChain(handle.db);
    await handle.close();
    out(`restored ${sub}; audit chain ${chain.ok ? 'ok' : `BROKEN at ${chain.brokenId}`} (${chain.checked} events)`);
    return chain.ok ? 0 : 2;
  }
  if (cmd === 'audit' && sub === 'archive') {
    const { values } = parseArgs({ args: rest, options: { before: { type: 'string' }, out: { type: 'string' } } });
    if (!values.before || !values.out) throw new UsageError('audit archive needs --before DATE and --out FILE');
    const ctx = await openContext();
    try {
      const r = await archiveAudit(ctx, { before: new Date(values.before), out: values.out });
      out(`archived ${r.count} audit events (ids ${r.fromId}–${r.toId}) to ${values.out}; digest ${r.digest}`);
      return 0;
    } catch (err) {
      if (err instanceof ArchiveRefused) {
        out(`refused: ${err.message}`);
        return 2;
      }
      throw err;
    } finally {
      await ctx.handle.close();
    }
  }
  if (cmd === 'audit' && sub === 'verify-archive') {
    const file = rest[0];
    if (!file) throw new UsageError('audit verify-archive needs FILE');
    bindKeyring(loadConfig());
    const r = verifyArchive(file);
    out(JSON.stringify({ ok: r.ok, count: r.count, reason: r.reason, digest: r.digest, fromId: r.header?.fromId, toId: r.header?.toId }, null, 2));
    out(r.ok ? 'audit archive verified' : `audit archive FAILED: ${r.reason}`);
    return r.ok ? 0 : 2;
  }
  if (cmd === 'keys' && sub === 'rotate') {
    const { values } = parseArgs({ args: rest, options: { 'new-key-file': { type: 'string' } } });
    if (!values['new-key-file']) throw new UsageError('keys rotate needs --new-key-file F');
    const newKey = readKeyFile(values['new-key-file']);
    const ctx = await openContext();
    try {
      const r = await rotateKeys(ctx, newKey);
      out(
        `re-encrypted ${r.phones} phone numbers and ${r.totpSecrets} authenticator secrets; re-tagged ${r.grantsRetagged} grants and ${r.settingsRetagged} settings (key ${r.oldKeyId ?? 'none'} → ${r.newKeyId})`,
      );
      if (r.grantsSkipped.length) out(`grants NOT re-tagged (integrity tag already invalid): ${r.grantsSkipped.join(', ')}`);
      out(`now set TAIZHANG_KEY_FILE=${values['new-key-file']} and add the old key file to TAIZHANG_RETIRED_KEY_FILES (audit MACs and old backups need it)`);
      return 0;
    } finally {
      await ctx.handle.close();
    }
  }
  if (cmd === 'security' && sub === 'verify') {
    const ctx = await openContext();
    try {
      const tampered = [...(await findTamperedGrants(ctx.db)), ...(await findTamperedSettings(ctx.db))];
      for (const t of tampered)
        out(
          t.table === 'settings'
            ? `TAMPERED settings key=${t.role}: ${t.reason}`
            : `TAMPERED ${t.table} id=${t.id} user=${t.userId} role=${t.role} org=${t.orgId ?? 'all'}: ${t.reason}`,
        );
      const chain = await verifyAuditChain(ctx.db);
      out(chain.ok ? `audit chain ok: ${chain.checked} events verified` : `audit chain BROKEN at event id ${chain.brokenId}: ${chain.reason}`);
      out(tampered.length ? `${tampered.length} tampered row(s)` : 'integrity tags ok');
      return tampered.length || !chain.ok ? 2 : 0;
    } finally {
      await ctx.handle.close();
    }
  }
  const extra = EXTRA_COMMANDS[cmd];
  if (extra) return extra.run([sub, ...rest].filter((x): x is string => x !== undefined));
  throw new UsageError(`unknown command: ${argv.join(' ')}`);
}

export class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      for (const p of err.problems) process.stderr.write(`${p}\n`);
      process.exit(78);
    }
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}`);
      process.exit(64);
    }
    if (err instanceof AppError) {
      process.stderr.write(`error: ${err.code} ${JSON.stringify(err.details ?? '')}\n`);
      process.exit(1);
    }
    process.stderr.write(`error: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
