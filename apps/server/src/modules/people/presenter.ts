import type { PersonView } from '@taizhang/shared';
import type { PersonListRow } from './repository.ts';

export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export interface PostRow {
  id: number;
  person_id: number;
  org_id: number;
  org_name: string;
  post: string;
  start_date: string | null;
  end_date: string | null;
}

export function presentPerson(p: PersonListRow, posts: PostRow[], names: Map<number, string>, opts: { fullPhone?: boolean } = {}): PersonView {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    gender: p.gender,
    birthDate: p.birth_date,
    unitId: p.unit_id,
    unitName: p.unit_id === null ? null : (names.get(p.unit_id) ?? null),
    partyOrgId: p.party_org_id,
    partyOrgName: p.party_org_id === null ? null : (names.get(p.party_org_id) ?? null),
    politicalStatus: p.political_status,
    joinDate: p.join_date,
    conversionDate: p.conversion_date,
    phone: opts.fullPhone ? p.phone : maskPhone(p.phone),
    posts: posts
      .filter((x) => x.person_id === p.id)
      .map((x) => ({ id: x.id, orgId: x.org_id, orgName: x.org_name, post: x.post, startDate: x.start_date, endDate: x.end_date })),
    active: p.active === 1,
    isDemo: p.is_demo === 1,
    version: p.version,
  };
}
