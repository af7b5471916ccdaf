import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../../cli-commands.ts';
import { openContext } from '../../platform/bootstrap.ts';
import { runImport } from '../../platform/xlsx/runner.ts';
import { exportWorkbook, templateWorkbook } from '../../platform/xlsx/writer.ts';
import { findKind, importKinds } from './kinds.ts';

function kindOrExit(name: string | undefined) {
  const k = name ? findKind(name) : undefined;
  if (!k) {
    process.stderr.write(`unknown kind ${name ?? ''}; kinds: ${[...importKinds().keys()].join(', ')}\n`);
    return null;
  }
  return k;
}

export const templateCommand: CliCommand = {
  usage: 'template KIND --out FILE.xlsx          blank import template',
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
    const k = kindOrExit(positionals[0]);
    if (!k) return 64;
    if (!values.out) {
      process.stderr.write('--out FILE is required\n');
      return 64;
    }
    writeFileSync(values.out, await templateWorkbook(k));
    process.stdout.write(`template for ${k.kind} written to ${values.out}\n`);
    return 0;
  },
};

export const importCommand: CliCommand = {
  usage: 'import KIND FILE.xlsx [--dry-run]       all-or-nothing import; problems as row, column, value, reason',
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'dry-run': { type: 'boolean' } } });
    const k = kindOrExit(positionals[0]);
    if (!k) return 64;
    const file = positionals[1];
    if (!file) {
      process.stderr.write('import needs FILE.xlsx\n');
      return 64;
    }
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch (err) {
      process.stderr.write(`cannot read ${file}: ${(err as Error).message}\n`);
      return 66;
    }
    const ctx = await openContext();
    try {
      const started = Date.now();
      const r = await runImport(ctx, k, buf, {
        dryRun: values['dry-run'],
        actorId: null,
        actorName: `cli:${process.env.USER ?? 'operator'}`,
        scope: { all: true, roots: [] },
      });
      if (!r.ok) {
        if (r.refused) process.stdout.write(`refused: ${r.refused}\n`);
        else {
          process.stdout.write(`${r.problems.length} problem(s); nothing was written\n`);
          process.stdout.write('row, column, value, reason\n');
          for (const p of r.problems) process.stdout.write(`${p.row}, ${p.column}, ${JSON.stringify(p.value)}, ${p.reason}\n`);
        }
        return 1;
      }
      process.stdout.write(
        `${r.dryRun ? 'dry run ok' : 'imported'}: ${r.rows} rows (${r.inserted} new, ${r.updated} updated) in ${((Date.now() - started) / 1000).toFixed(1)} s${r.dryRun ? '; nothing was written' : `, batch ${r.batchId}`}\n`,
      );
      return 0;
    } finally {
      await ctx.handle.close();
    }
  },
};

export const exportCommand: CliCommand = {
  usage: 'export KIND --out FILE.xlsx [--org CODE]  export in the template format',
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, org: { type: 'string' } } });
    const k = kindOrExit(positionals[0]);
    if (!k) return 64;
    if (!values.out) {
      process.stderr.write('--out FILE is required\n');
      return 64;
    }
    const ctx = await openContext();
    try {
      let orgId: number | undefined;
      if (values.org) {
        orgId = (await ctx.db.selectFrom('org_units').select('id').where('code', '=', values.org).executeTakeFirst())?.id;
        if (!orgId) {
          process.stderr.write(`no org unit with code ${values.org}\n`);
          return 64;
        }
      }
      const rows = await k.exportRows(ctx.db, { scope: { all: true, roots: [] }, orgId, app: ctx, fullPersonal: true });
      writeFileSync(values.out, await exportWorkbook(k, rows));
      await ctx.audit.write(ctx.db, {
        at: ctx.clock.now().toISOString(),
        actorId: null,
        actorName: `cli:${process.env.USER ?? 'operator'}`,
        action: 'export.run',
        entityType: k.kind,
        orgId: orgId ?? null,
        result: 'ok',
        after: { rows: rows.length },
      });
      process.stdout.write(`${rows.length} rows written to ${values.out}\n`);
      return 0;
    } finally {
      await ctx.handle.close();
    }
  },
};
