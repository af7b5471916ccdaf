import { expect } from 'vitest';
import type { Client } from '../../test/harness.ts';

/** What POST /api/v1/people/:id/posts answers: the person's posts. */
export interface PersonPosts {
  id: number;
  posts: { id: number; post: string; orgId: number }[];
}

/** A party member created through the API (tests of duties bound to people). */
export async function createMember(c: Client, code: string, name: string, unitId: number, partyOrgId: number) {
  const res = await c.post('/api/v1/people', {
    code,
    name,
    unitId,
    partyOrgId,
    politicalStatus: '中共党员',
    joinDate: '2010-01-01',
    conversionDate: '2011-01-01',
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: number };
}

/** Gives a person a post from `startDate` through the API. */
export async function addPost(c: Client, personId: number, orgId: number, postName: string, startDate: string) {
  const res = await c.post(`/api/v1/people/${personId}/posts`, { orgId, post: postName, startDate });
  expect(res.statusCode).toBe(200);
  return res.json() as PersonPosts;
}

/** A duty as GET /api/v1/duties lists it (the fields the tests read). */
export interface DutyItem {
  id: number;
  orgId: number;
  personId: number | null;
  role: string;
  status: string;
  text: string;
  sources: { ids: number[] };
  actualValue: number | null;
}

/** Every duty of `year` under `orgId` the client may read (one page of 500). */
export async function dutiesOf(c: Client, orgId: number, year: number): Promise<{ items: DutyItem[]; total: number }> {
  const res = await c.get(`/api/v1/duties?orgId=${orgId}&year=${year}&pageSize=500`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: DutyItem[]; total: number };
}
