import type { CliCommand } from '../../cli-commands.ts';
import { openContext } from '../../platform/bootstrap.ts';
import { loadDemo } from './service.ts';

export const demoCommand: CliCommand = {
  usage: 'demo                                  load the demo district into an empty database',
  async run() {
    const ctx = await openContext();
    try {
      const loaded = await loadDemo(ctx, { id: null, name: 'cli' });
      process.stdout.write(loaded ? 'demo district loaded\n' : 'the database already has org units: demo not loaded\n');
      return loaded ? 0 : 1;
    } finally {
      await ctx.handle.close();
    }
  },
  async onEmpty(ctx) {
    if (await loadDemo(ctx)) process.stdout.write('演示数据已载入 / demo district loaded\n');
  },
};
