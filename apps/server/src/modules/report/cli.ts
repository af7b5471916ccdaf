import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../../cli-commands.ts';
import { openContext } from '../../platform/bootstrap.ts';
import { chinaDate } from '../../platform/clock.ts';
import { reportDocx, reportMarkdown } from './render.ts';
import { currentReport } from './store.ts';

export const reportCommand: CliCommand = {
  usage: 'report [--org CODE] --year Y --format docx|json|md --out FILE   the situation report',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { org: { type: 'string' }, year: { type: 'string' }, format: { type: 'string', default: 'docx' }, out: { type: 'string' } },
    });
    const year = Number(values.year);
    if (!Number.isInteger(year) || year < 2000) {
      process.stderr.write('report needs --year YYYY\n');
      return 64;
    }
    const format = values.format ?? 'docx';
    if (!['docx', 'json', 'md'].includes(format)) {
      process.stderr.write('--format must be docx, json or md\n');
      return 64;
    }
    if (format === 'docx' && !values.out) {
      process.stderr.write('docx needs --out FILE\n');
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
      } else {
        const roots = await ctx.db.selectFrom('org_units').select('id').where('parent_id', 'is', null).execute();
        if (roots.length !== 1) {
          process.stderr.write(`the tree has ${roots.length} roots: give --org CODE\n`);
          return 64;
        }
        orgId = roots[0].id;
      }
      const r = await currentReport(ctx.db, orgId, year);
      const date = r.frozenAt ? chinaDate(new Date(r.frozenAt)) : chinaDate(ctx.clock.now());
      const body = format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : format === 'md' ? reportMarkdown(r) : await reportDocx(r, date);
      if (values.out) writeFileSync(values.out, body);
      else process.stdout.write(body);
      if (values.out) process.stderr.write(`written ${values.out}\n`);
      return 0;
    } finally {
      await ctx.handle.close();
    }
  },
};
