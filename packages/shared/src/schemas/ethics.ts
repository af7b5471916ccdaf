import { z } from 'zod';
import { IsoDate, PageQuery } from './common.ts';

/** Teacher ethics (师德师风): study mechanisms, yearly pledges, breach cases against the ten codes. */

const Id = z.coerce.number().int().positive();
const Year = z.coerce.number().int().min(1990).max(2100);

export const EthicsMechanismView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  name: z.string(),
  content: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  isDemo: z.boolean(),
  importBatch: z.string().nullable(),
  version: z.number().int(),
});
export type EthicsMechanismView = z.infer<typeof EthicsMechanismView>;

export const EthicsMechanismQuery = PageQuery.extend({
  orgId: Id.optional(),
  /** Only mechanisms in force at some point of this year. */
  year: Year.optional(),
  q: z.string().trim().max(100).optional(),
});

export const CreateEthicsMechanismBody = z.object({
  orgId: z.number().int().positive(),
  name: z.string().trim().min(2).max(200),
  content: z.string().trim().max(20000).default(''),
  effectiveFrom: IsoDate,
  effectiveTo: IsoDate.nullable().optional(),
});

export const UpdateEthicsMechanismBody = z.object({
  version: z.number().int().positive(),
  name: z.string().trim().min(2).max(200).optional(),
  content: z.string().trim().max(20000).optional(),
  effectiveFrom: IsoDate.optional(),
  effectiveTo: IsoDate.nullable().optional(),
});

export const EthicsPledgeView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  personId: z.number().int(),
  personName: z.string(),
  year: z.number().int(),
  signedAt: z.string(),
  isDemo: z.boolean(),
});

export const EthicsPledgeQuery = PageQuery.extend({ orgId: Id.optional(), year: Year });

export const CreateEthicsPledgeBody = z.object({
  personId: z.number().int().positive(),
  year: z.number().int().min(1990).max(2100),
  signedAt: IsoDate,
});

/** Signing status of one school for a year: its active staff against the pledges signed. */
export const EthicsPledgeStatus = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  teachers: z.number().int(),
  signed: z.number().int(),
});

export const EthicsCodeView = z.object({ id: z.number().int(), code: z.string(), name: z.string(), description: z.string() });

/** The life of a breach case: clue → verification → decision → closed (forward only). */
export const ETHICS_CASE_STAGES = ['clue', 'verification', 'decision', 'closed'] as const;
export type EthicsCaseStage = (typeof ETHICS_CASE_STAGES)[number];
export const ETHICS_CASE_STAGE_LABELS: Record<EthicsCaseStage, string> = {
  clue: '线索',
  verification: '核查',
  decision: '处理决定',
  closed: '结案',
};

export const EthicsCaseView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  personId: z.number().int(),
  personName: z.string(),
  codeId: z.number().int(),
  codeName: z.string(),
  summary: z.string(),
  stage: z.enum(ETHICS_CASE_STAGES),
  clueOn: z.string(),
  verificationOn: z.string().nullable(),
  decisionOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  handlerPersonIds: z.array(z.number().int()),
  handlerUserIds: z.array(z.number().int()),
  /** The handlers' names, for those who see the case (they may hold no people.read to look them up). */
  handlerPersons: z.array(z.object({ id: z.number().int(), name: z.string() })),
  handlerUsers: z.array(z.object({ id: z.number().int(), name: z.string() })),
  outcome: z.string().nullable(),
  isDemo: z.boolean(),
  version: z.number().int(),
});
export type EthicsCaseView = z.infer<typeof EthicsCaseView>;

export const EthicsCaseQuery = PageQuery.extend({
  orgId: Id.optional(),
  stage: z.enum(ETHICS_CASE_STAGES).optional(),
  q: z.string().trim().max(100).optional(),
});

export const CreateEthicsCaseBody = z.object({
  orgId: z.number().int().positive(),
  personId: z.number().int().positive(),
  codeId: z.number().int().positive(),
  summary: z.string().trim().min(2).max(5000),
  clueOn: IsoDate,
  handlerPersonIds: z.array(z.number().int().positive()).max(20).default([]),
  handlerUserIds: z.array(z.number().int().positive()).max(20).default([]),
});

export const UpdateEthicsCaseBody = z.object({
  version: z.number().int().positive(),
  summary: z.string().trim().min(2).max(5000).optional(),
  codeId: z.number().int().positive().optional(),
  handlerPersonIds: z.array(z.number().int().positive()).max(20).optional(),
  handlerUserIds: z.array(z.number().int().positive()).max(20).optional(),
  outcome: z.string().trim().max(5000).nullable().optional(),
});

export const AdvanceEthicsCaseBody = z.object({
  version: z.number().int().positive(),
  to: z.enum(ETHICS_CASE_STAGES),
  date: IsoDate,
  /** Required from the decision on. */
  outcome: z.string().trim().min(2).max(5000).optional(),
});

/** People search for the case forms (the teacher concerned, handlers): ethics.case holders need not hold people.read. */
export const EthicsCasePeopleQuery = z.object({
  orgId: Id.optional(),
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const EthicsCasePerson = z.object({ id: z.number().int(), code: z.string(), name: z.string(), unitName: z.string().nullable() });

/** What everyone with ethics.read may see of cases: counts, never names. */
export const EthicsCaseCounts = z.object({
  orgId: z.number().int(),
  year: z.number().int(),
  total: z.number().int(),
  byStage: z.record(z.enum(ETHICS_CASE_STAGES), z.number().int()),
});
