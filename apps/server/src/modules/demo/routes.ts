import { OkResponse } from '@taizhang/shared';
import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { SYSTEM_CONFIG, readSetting } from '../../platform/settings.ts';
import { hasDemo, removeDemoRows } from './service.ts';

export const demoRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/meta',
    summary: 'Facts the UI needs about this installation (demo data present, site name, announcement)',
    tags: ['system'],
    auth: 'mfa',
    response: z.object({ demo: z.boolean(), dialect: z.string(), siteName: z.string(), announcement: z.string() }),
    async handler({ app }) {
      const { siteName, announcement } = (await readSetting(app, SYSTEM_CONFIG)).value;
      return { demo: await hasDemo(app), dialect: app.dialect, siteName, announcement };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/demo',
    summary: 'Remove all demo data (committee administrators over the whole tree)',
    tags: ['system'],
    ability: 'demo.manage',
    action: 'demo.remove',
    response: OkResponse,
    async handler({ app, db, audit }) {
      await removeDemoRows(app, db);
      audit({ entityType: 'demo' });
      return { ok: true as const };
    },
  }),
];
