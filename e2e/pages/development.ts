import { expect } from 'vitest';
import { POLL } from '../harness.ts';
import type { PageVisit } from './visit.ts';

interface Paged<T> {
  items: T[];
}
interface OrgUnit {
  id: number;
  code: string;
  name: string;
}
interface BoardItem {
  personId: number;
  orgId: number | null;
  name: string;
  stage: string;
  next: { stage: string; due: boolean } | null;
}
interface Timeline {
  steps: { stage: string; introducerPersonIds: number[]; trainingDays: number | null; documents: { name: string }[] }[];
}

/**
 * 党员发展: the board of the demo district per branch; a secretary's everyday action — recording that an activist
 * becomes a candidate (发展对象) — first refused with the rule named (no introducers), then saved with two introducers,
 * three days of training and a document; the API shows the step stored. Also the page at phone width.
 */
export const developmentVisit: PageVisit = {
  name: 'development page',
  path: '/development',
  async run({ page, base, shot, call }) {
    const tops = await call<Paged<OrgUnit>>('GET', '/api/v1/org-units');
    const district = tops.items.find((o) => o.code === 'XQJYGW') ?? tops.items[0];
    const board = await call<{ items: BoardItem[] }>('GET', `/api/v1/development/board?orgId=${district.id}`);
    // The page lists branches with the most due steps first, 20 to a page: take a due activist from the branch with
    // the most due steps, so the chip is on the first page whatever the date makes due.
    const dueIn = new Map<number | null, number>();
    for (const i of board.items) if (i.next?.due) dueIn.set(i.orgId, (dueIn.get(i.orgId) ?? 0) + 1);
    const person = board.items.filter((i) => i.stage === 'activist' && i.next?.due).sort((a, b) => (dueIn.get(b.orgId) ?? 0) - (dueIn.get(a.orgId) ?? 0))[0];
    if (!person) throw new Error('no due activist on the demo board');
    const members = await call<Paged<{ id: number; name: string }>>(
      'GET',
      `/api/v1/people?orgId=${district.id}&status=${encodeURIComponent('中共党员')}&pageSize=2`,
    );
    const introducers = members.items;
    expect(introducers).toHaveLength(2);

    await page.goto(`${base}/development?org=${district.id}`);
    await page.getByTestId('dev-board-branches').waitFor();
    await page
      .getByRole('button', { name: `查看 ${person.name} 的发展纪实` })
      .first()
      .waitFor();
    await shot('development');

    await page
      .getByRole('button', { name: `查看 ${person.name} 的发展纪实` })
      .first()
      .click();
    await page.getByTestId('dev-record-next').click();
    const modal = page.locator('.ant-modal').filter({ hasText: '记录发展程序' });
    await modal.getByTestId('dev-step-save').waitFor();
    // Saved without introducers: the server refuses and names the rule.
    await modal.getByTestId('dev-step-save').click();
    await expect.poll(() => modal.getByTestId('dev-rule-refusal').textContent(), POLL).toContain('入党介绍人');
    await shot('development-refusal');

    const select = modal.getByTestId('dev-person-select').locator('input');
    for (const m of introducers) {
      await select.fill(m.name);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: m.name }).first().click();
    }
    await modal.getByLabel('集中培训天数').fill('3');
    await modal.getByRole('button', { name: '添加材料' }).click();
    await modal.getByLabel('材料名称').fill('政治审查报告');
    await modal.getByTestId('dev-step-save').click();
    await page.getByTestId('dev-step-candidate').waitFor();

    const tl = await call<Timeline>('GET', `/api/v1/development/people/${person.personId}`);
    const step = tl.steps.find((s) => s.stage === 'candidate');
    expect(step?.introducerPersonIds.sort()).toEqual(introducers.map((m) => m.id).sort());
    expect(step?.trainingDays).toBe(3);
    expect(step?.documents.map((d) => d.name)).toEqual(['政治审查报告']);
    await shot('development-saved');

    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${base}/development?org=${district.id}&sub=list`);
    await page.getByTestId('dev-board-list').waitFor();
    await shot('development-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
  },
};
