import type { CliCommand } from '../../cli-commands.ts';
import { openContext } from '../../platform/bootstrap.ts';
import type { AppContext } from '../../platform/context.ts';
import { purgeExpiredFollowups } from './service.ts';

const USAGE = 'safety purge                          delete closed student follow-ups past their retention date (audited)';

/** `taizhang safety purge` on an open context (tests pass one with a FakeClock). */
export async function runSafetyCli(ctx: AppContext, args: string[], out: (line: string) => void): Promise<number> {
  if (args[0] !== 'purge') {
    out(`usage: taizhang ${USAGE}`);
    return 64;
  }
  const r = await purgeExpiredFollowups(ctx, ctx.clock.now(), `cli:${process.env.USER ?? 'operator'}`);
  out(r.deleted ? `已删除 ${r.deleted} 条到期跟踪记录 / purged ${r.deleted} expired follow-ups` : '没有到期的跟踪记录 / nothing due');
  return 0;
}

export const safetyCommand: CliCommand = {
  usage: USAGE,
  async run(args) {
    const ctx = await openContext();
    try {
      return await runSafetyCli(ctx, args, (line) => process.stdout.write(`${line}\n`));
    } finally {
      await ctx.handle.close();
    }
  },
};
