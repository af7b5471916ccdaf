import type { Factories } from './factories.ts';
import type { Client, TestApp } from './harness.ts';

/** A fresh small world for one audited call: a district and the usual administrators. */
export interface World {
  t: TestApp;
  district: Awaited<ReturnType<Factories['district']>>;
  committee: Client;
  sys: Client;
  sec: Client;
}

export type AuditCall = (w: World) => Promise<{ client: Client; method: string; url: string; body?: unknown }>;
