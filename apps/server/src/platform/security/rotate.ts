import { openValue, sealValue } from '../crypto-fields.ts';
import type { AppContext } from '../context.ts';
import { masterKey, openField, sealField } from '../keys.ts';
import { grantTag, grantTagValid, settingTag, settingTagValid } from './integrity.ts';
import { keyId, keyringFrom } from './keyring.ts';

export interface RotationResult {
  oldKeyId: string | null;
  newKeyId: string;
  phones: number;
  totpSecrets: number;
  grantsRetagged: number;
  /** Grants whose tag did not verify under the old key: left untouched (still rejected). */
  grantsSkipped: number[];
  settingsRetagged: number;
  /** Settings rows whose tag did not verify under the old key: left untouched (still ignored). */
  settingsSkipped: string[];
}

/**
 * Re-encrypts every sealed field (people.phone, users.totp_secret) with `newKey`, in one transaction;
 * plain values left from before encryption was enabled are sealed too. Grant integrity tags are keyed by
 * the master key as well, so valid ones are re-tagged (a tampered one stays invalid). Nothing else is
 * re-keyed: audit MACs keep naming the old key's id — keep the old key in TAIZHANG_RETIRED_KEY_FILES to
 * verify them. Backups made before stay encrypted with the old key.
 */
export async function rotateKeys(ctx: AppContext, newKey: Buffer): Promise<RotationResult> {
  const old = masterKey(ctx.config);
  const profile = ctx.config.CRYPTO_PROFILE;
  if (old?.equals(newKey)) throw new Error('the new key is the current key');
  const oldRing = keyringFrom(ctx.config);
  const newRing = { profile, master: newKey, retired: [] };
  return ctx.db.transaction().execute(async (trx) => {
    const res: RotationResult = {
      oldKeyId: old ? keyId(old) : null,
      newKeyId: keyId(newKey),
      phones: 0,
      totpSecrets: 0,
      grantsRetagged: 0,
      grantsSkipped: [],
      settingsRetagged: 0,
      settingsSkipped: [],
    };
    let lastId = 0;
    for (;;) {
      const rows = await trx
        .selectFrom('people')
        .select(['id', 'phone'])
        .where('id', '>', lastId)
        .where('phone', 'is not', null)
        .orderBy('id')
        .limit(500)
        .execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        lastId = r.id;
        if (r.phone === null) continue;
        const phone = sealValue(profile, newKey, openValue(old, r.phone));
        await trx.updateTable('people').set({ phone }).where('id', '=', r.id).execute();
        res.phones++;
      }
    }
    const users = await trx.selectFrom('users').select(['id', 'totp_secret']).where('totp_secret', 'is not', null).execute();
    for (const u of users) {
      if (u.totp_secret === null) continue;
      await trx
        .updateTable('users')
        .set({ totp_secret: sealField(newKey, openField(old, u.totp_secret)) })
        .where('id', '=', u.id)
        .execute();
      res.totpSecrets++;
    }
    const grants = await trx.selectFrom('grants').select(['id', 'user_id', 'role', 'org_id', 'integrity_tag']).orderBy('id').execute();
    for (const g of grants) {
      if (!grantTagValid(g, oldRing)) {
        res.grantsSkipped.push(g.id);
        continue;
      }
      await trx
        .updateTable('grants')
        .set({ integrity_tag: grantTag(g, newRing) })
        .where('id', '=', g.id)
        .execute();
      res.grantsRetagged++;
    }
    for (const r of await trx.selectFrom('settings').selectAll().orderBy('key').execute()) {
      if (!settingTagValid(r, oldRing)) {
        res.settingsSkipped.push(r.key);
        continue;
      }
      await trx
        .updateTable('settings')
        .set({ integrity_tag: settingTag(r, newRing) })
        .where('key', '=', r.key)
        .execute();
      res.settingsRetagged++;
    }
    await ctx.audit.write(trx, {
      at: ctx.clock.now().toISOString(),
      actorId: null,
      actorName: `cli:${process.env.USER ?? 'operator'}`,
      action: 'security.keys_rotated',
      entityType: 'key',
      entityId: res.newKeyId,
      result: 'ok',
      after: res,
    });
    return res;
  });
}
