import { RISK_CATEGORIES_DEFAULT } from '@taizhang/shared/schemas/risks';
import type { DialectMigration } from '../../db/schema-helpers.ts';
import { createIndex, withId } from '../../db/schema-helpers.ts';

/** Default 5×5 matrix: score = likelihood × impact; ≤4 低, 5–9 一般, 10–14 较大, ≥15 重大. */
export function defaultLevel(likelihood: number, impact: number): string {
  const s = likelihood * impact;
  return s <= 4 ? '低' : s <= 9 ? '一般' : s <= 14 ? '较大' : '重大';
}

export const m0400_risks: DialectMigration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('risk_categories'), dialect)
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db
      .insertInto('risk_categories')
      .values(RISK_CATEGORIES_DEFAULT.map((name, i) => ({ name, sort: i, active: 1 })))
      .execute();

    await db.schema
      .createTable('risk_matrix')
      .addColumn('likelihood', 'integer', (c) => c.notNull())
      .addColumn('impact', 'integer', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('risk_matrix_pk', ['likelihood', 'impact'])
      .execute();
    const cells = [];
    for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) cells.push({ likelihood: l, impact: i, level: defaultLevel(l, i) });
    await db.insertInto('risk_matrix').values(cells).execute();

    await withId(db.schema.createTable('risks'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('source', 'text')
      .addColumn('likelihood', 'integer', (c) => c.notNull())
      .addColumn('impact', 'integer', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('owner_person_id', 'integer', (c) => c.references('people.id'))
      .addColumn('treatment', 'text', (c) => c.notNull())
      .addColumn('measures_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('review_date', 'text')
      .addColumn('review_date_set_on', 'text')
      .addColumn('last_reviewed_on', 'text')
      .addColumn('residual_likelihood', 'integer')
      .addColumn('residual_impact', 'integer')
      .addColumn('residual_level', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('import_batch', 'text')
      .execute();
    await createIndex(db, 'risks_org_idx', 'risks', ['org_id', 'status']);

    await withId(db.schema.createTable('risk_ratings'), dialect)
      .addColumn('risk_id', 'integer', (c) => c.notNull().references('risks.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('likelihood', 'integer', (c) => c.notNull())
      .addColumn('impact', 'integer', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('previous_level', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('rated_by_user_id', 'integer')
      .addColumn('rated_by_name', 'text')
      .addColumn('rated_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'risk_ratings_risk_idx', 'risk_ratings', ['risk_id']);

    await withId(db.schema.createTable('risk_reviews'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('agenda', 'text', (c) => c.notNull())
      .addColumn('conclusions', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('signed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('signed_off_by_person_id', 'integer', (c) => c.references('people.id'))
      .addColumn('signed_off_by_user_id', 'integer')
      .addColumn('signed_off_at', 'text')
      .addColumn('created_by_user_id', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await createIndex(db, 'risk_reviews_org_idx', 'risk_reviews', ['org_id', 'date']);

    await withId(db.schema.createTable('risk_review_items'), dialect)
      .addColumn('review_id', 'integer', (c) => c.notNull().references('risk_reviews.id').onDelete('cascade'))
      .addColumn('risk_id', 'integer', (c) => c.notNull().references('risks.id').onDelete('cascade'))
      .addColumn('likelihood', 'integer', (c) => c.notNull())
      .addColumn('impact', 'integer', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('residual_likelihood', 'integer')
      .addColumn('residual_impact', 'integer')
      .addColumn('residual_level', 'text')
      .addColumn('note', 'text')
      .execute();
    await createIndex(db, 'risk_review_items_review_idx', 'risk_review_items', ['review_id']);
    await createIndex(db, 'risk_review_items_risk_idx', 'risk_review_items', ['risk_id']);

    await withId(db.schema.createTable('incidents'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('reported_at', 'text', (c) => c.notNull())
      .addColumn('reported_by_user_id', 'integer')
      .addColumn('reported_to_committee_at', 'text')
      .addColumn('escalation_due_at', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('personally_handled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('closed_at', 'text')
      .addColumn('lessons', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await createIndex(db, 'incidents_org_idx', 'incidents', ['org_id', 'occurred_at']);
    await createIndex(db, 'incidents_due_idx', 'incidents', ['escalation_due_at']);

    await withId(db.schema.createTable('incident_events'), dialect)
      .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('actor_user_id', 'integer')
      .addColumn('actor_name', 'text')
      .addColumn('note', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'incident_events_incident_idx', 'incident_events', ['incident_id']);

    await db.schema
      .createTable('incident_risks')
      .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
      .addColumn('risk_id', 'integer', (c) => c.notNull().references('risks.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('incident_risks_pk', ['incident_id', 'risk_id'])
      .execute();

    await db.schema
      .createTable('escalation_rules')
      .addColumn('level', 'text', (c) => c.primaryKey())
      .addColumn('minutes', 'integer', (c) => c.notNull())
      .execute();
    await db
      .insertInto('escalation_rules')
      .values([
        { level: '重大', minutes: 60 },
        { level: '较大', minutes: 24 * 60 },
      ])
      .execute();

    await withId(db.schema.createTable('incident_escalations'), dialect)
      .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('due_at', 'text', (c) => c.notNull())
      .addColumn('notified_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'incident_escalations_incident_uq', 'incident_escalations', ['incident_id'], true);

    await withId(db.schema.createTable('positions'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('owner_person_id', 'integer', (c) => c.references('people.id'))
      .addColumn('review_rule', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await createIndex(db, 'positions_org_idx', 'positions', ['org_id']);

    await withId(db.schema.createTable('content_items'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('position_id', 'integer', (c) => c.notNull().references('positions.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('attachments_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('round', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('event_date', 'text')
      .addColumn('approved_at', 'text')
      .addColumn('published_at', 'text')
      .addColumn('link', 'text')
      .addColumn('created_by_user_id', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await createIndex(db, 'content_items_org_idx', 'content_items', ['org_id', 'stage']);
    await createIndex(db, 'content_items_position_idx', 'content_items', ['position_id']);

    await withId(db.schema.createTable('content_reviews'), dialect)
      .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
      .addColumn('round', 'integer', (c) => c.notNull())
      .addColumn('step', 'integer', (c) => c.notNull())
      .addColumn('reviewer_user_id', 'integer')
      .addColumn('reviewer_person_id', 'integer')
      .addColumn('reviewer_name', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'content_reviews_item_idx', 'content_reviews', ['item_id']);

    await withId(db.schema.createTable('disclosures'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('disclosed_on', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('link', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('import_batch', 'text')
      .execute();
    await createIndex(db, 'disclosures_org_idx', 'disclosures', ['org_id', 'disclosed_on']);

    await withId(db.schema.createTable('disclosure_requirements'), dialect)
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('org_kinds', 'text', (c) => c.notNull())
      .addColumn('min_count', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db
      .insertInto('disclosure_requirements')
      .values([{ category: '财务预决算', org_kinds: 'committee', min_count: 1, active: 1 }])
      .execute();
  },
};
