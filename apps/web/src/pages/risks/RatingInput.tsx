import { Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type MatrixView, RATINGS } from './api.ts';
import { LevelTag, levelFrom } from './common.tsx';

interface ScoreProps {
  value?: number | null;
  onChange?: (v: number) => void;
  kind: 'likelihood' | 'impact';
  id?: string;
  size?: 'small' | 'middle';
}

/** 1–5 as buttons, each named (极低 … 极高 / 轻微 … 严重) for the screen reader and on hover. */
export function ScoreInput({ value, onChange, kind, id, size }: ScoreProps) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      id={id}
      size={size}
      optionType="button"
      value={value ?? undefined}
      onChange={(e) => onChange?.(Number(e.target.value))}
      options={RATINGS.map((n) => ({
        value: n,
        label: <span title={kind === 'likelihood' ? t(`risks.likelihoodName.s${n}`) : t(`risks.impactName.s${n}`)}>{n}</span>,
      }))}
      aria-label={kind === 'likelihood' ? t('risks.likelihood') : t('risks.impact')}
    />
  );
}

/** The level a pair gets on the matrix, shown while the user picks it. */
export function LevelPreview({ matrix, likelihood, impact }: { matrix: MatrixView | undefined; likelihood?: number | null; impact?: number | null }) {
  const { t } = useTranslation();
  const level = levelFrom(matrix, likelihood, impact);
  return (
    <Space size={4}>
      <Typography.Text type="secondary">{t('risks.resultingLevel')}</Typography.Text>
      {level ? (
        <LevelTag level={level} rating={[likelihood ?? null, impact ?? null]} />
      ) : (
        <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
      )}
    </Space>
  );
}
