import { Alert, Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client.ts';
import { ErrorAlert } from '../../../components/errors.tsx';
import { localizeServerText } from '../../../i18n/index.ts';
import { type DevelopmentRule, HARD_RULES, refusedRules } from '../api.ts';

/** What a failed save of a step or an extension means for the form. */
export function refusalOf(err: unknown): { rules: DevelopmentRule[]; forbidden: boolean } | null {
  if (!(err instanceof ApiError)) return null;
  const rules = refusedRules(err.details);
  if (!rules.length) return null;
  if (err.code === 'validation_failed') return { rules, forbidden: false };
  if (err.code === 'forbidden') return { rules, forbidden: true };
  return null;
}

interface Props {
  error: unknown;
  /** The user may override rules (committee level); the server still checks it for the org. */
  canOverride: boolean;
  overriding: boolean;
  onOverride: () => void;
}

/**
 * A refused step: the broken rules named in Chinese at the top, each reason (the server's message) listed; those who
 * may override are offered to record it anyway with a reason. Other errors show as usual.
 */
export function RuleRefusal({ error, canOverride, overriding, onOverride }: Props) {
  const { t } = useTranslation();
  const refusal = refusalOf(error);
  if (!error) return null;
  if (!refusal) return <ErrorAlert error={error} style={{ marginBottom: 16 }} />;
  const names = refusal.rules.map((r) => t(`development.rule.${r}`)).join(t('development.common.listSep'));
  const messages = error instanceof ApiError ? [...new Set(error.fields.map((f) => localizeServerText(f.message)))] : [];
  const hard = refusal.rules.filter((r) => HARD_RULES.has(r));
  const overridable = !refusal.forbidden && hard.length === 0 && canOverride;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={refusal.forbidden ? t('development.refusal.forbidden', { rules: names }) : t('development.refusal.title', { rules: names })}
      data-testid="dev-rule-refusal"
      description={
        <>
          {messages.length ? (
            <ul className="tz-dev-reasons">
              {messages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
          {hard.length ? (
            <Typography.Text type="secondary">
              {t('development.refusal.hardRule', { rules: hard.map((r) => t(`development.rule.${r}`)).join(t('development.common.listSep')) })}
            </Typography.Text>
          ) : overridable && !overriding ? (
            <Typography.Text type="secondary">{t('development.refusal.canOverride')}</Typography.Text>
          ) : null}
        </>
      }
      action={
        overridable && !overriding ? (
          <Button size="small" danger onClick={onOverride} data-testid="dev-override">
            {t('development.refusal.override')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** The reason field shown once the user chose to override (name `overrideReason` in the surrounding form). */
export function OverrideReasonField() {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="overrideReason"
      label={t('development.refusal.overrideReason')}
      extra={t('development.refusal.overrideReasonHint')}
      rules={[
        { required: true, whitespace: true, message: t('development.refusal.overrideReasonRequired') },
        { min: 2, message: t('development.refusal.overrideReasonRequired') },
      ]}
    >
      <Input.TextArea rows={2} maxLength={500} showCount />
    </Form.Item>
  );
}
