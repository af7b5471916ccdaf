import type { OrgKind } from '@taizhang/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<OrgKind, string> = {
  committee: 'red',
  general_branch: 'volcano',
  branch: 'orange',
  party_group: 'gold',
  school: 'blue',
  kindergarten: 'cyan',
  other: 'default',
};

export function OrgKindTag({ kind, style }: { kind: OrgKind; style?: React.CSSProperties }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[kind]} style={{ marginInlineEnd: 0, ...style }} variant="outlined">
      {t(`orgKind.${kind}`)}
    </Tag>
  );
}
