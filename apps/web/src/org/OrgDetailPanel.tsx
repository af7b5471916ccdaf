import { DragOutlined, EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Badge, Breadcrumb, Button, Card, Descriptions, type DescriptionsProps, Empty, Popconfirm, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgUnitDetail } from '../api/types.ts';
import { ErrorAlert } from '../components/errors.tsx';
import { Loading } from '../components/Loading.tsx';
import { SCHOOL_KINDS, isOwnership, isSchoolStage } from './constants.ts';
import { OrgKindTag } from './OrgKindTag.tsx';

interface Props {
  detail: OrgUnitDetail | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  canManage: boolean;
  onSelectPath: (id: number) => void;
  onCreateChild: () => void;
  onEdit: () => void;
  onMove: () => void;
  onDeactivate: () => Promise<void>;
}

export function OrgDetailPanel({ detail, loading, error, onRetry, canManage, onSelectPath, onCreateChild, onEdit, onMove, onDeactivate }: Props) {
  const { t } = useTranslation();
  if (loading) return <Card title={t('org.detail')}>{<Loading minHeight={200} />}</Card>;
  if (error) {
    return (
      <Card title={t('org.detail')}>
        <ErrorAlert error={error} onRetry={onRetry} />
      </Card>
    );
  }
  if (!detail) {
    return (
      <Card title={t('org.detail')}>
        <Empty description={t('org.selectHint')} />
      </Card>
    );
  }
  const { unit, path } = detail;
  const none = t('common.none');
  const school = SCHOOL_KINDS.includes(unit.kind);
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('org.name'), children: unit.name, span: 'filled' },
    { key: 'code', label: t('org.code'), children: <Typography.Text copyable>{unit.code}</Typography.Text> },
    { key: 'kind', label: t('org.kind'), children: <OrgKindTag kind={unit.kind} /> },
    {
      key: 'status',
      label: t('org.status'),
      children: (
        <Space size={4}>
          {unit.active ? <Badge status="success" text={t('org.active')} /> : <Badge status="default" text={t('org.inactive')} />}
          {unit.isDemo ? <Tag>{t('org.demo')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'children', label: t('org.childCount'), children: unit.childCount },
  ];
  if (school) {
    items.push(
      { key: 'stage', label: t('org.stage'), children: isSchoolStage(unit.stage) ? t(`stage.${unit.stage}`) : (unit.stage ?? none) },
      {
        key: 'ownership',
        label: t('org.ownership'),
        children: isOwnership(unit.ownership) ? t(`ownership.${unit.ownership}`) : (unit.ownership ?? none),
      },
      { key: 'students', label: t('org.studentCount'), children: unit.studentCount ?? none },
      { key: 'boarders', label: t('org.boarderCount'), children: unit.boarderCount ?? none },
    );
  }

  return (
    <Card
      title={t('org.detail')}
      data-testid="org-detail"
      extra={
        canManage && unit.active ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={onCreateChild} data-testid="org-create-child">
            {t('org.createChild')}
          </Button>
        ) : null
      }
    >
      <div style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {t('org.path')}
          {t('common.colon')}
        </Typography.Text>
        <Breadcrumb
          style={{ display: 'inline-flex', flexWrap: 'wrap' }}
          items={path.map((p, i) => ({
            key: p.id,
            title:
              i === path.length - 1 ? (
                p.name
              ) : (
                <Typography.Link
                  onClick={(e) => {
                    e.preventDefault();
                    onSelectPath(p.id);
                  }}
                >
                  {p.name}
                </Typography.Link>
              ),
          }))}
        />
      </div>
      <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }} items={items} styles={{ label: { whiteSpace: 'nowrap' } }} />
      {canManage && unit.active ? (
        <Space wrap style={{ marginTop: 16 }}>
          <Button icon={<EditOutlined />} onClick={onEdit} data-testid="org-edit">
            {t('org.edit')}
          </Button>
          {unit.parentId !== null ? (
            <Button icon={<DragOutlined />} onClick={onMove} data-testid="org-move">
              {t('org.move')}
            </Button>
          ) : null}
          <Popconfirm
            title={t('org.deactivateTitle', { name: unit.name })}
            description={t('org.deactivateDesc')}
            okText={t('org.deactivate')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={onDeactivate}
          >
            <Button danger icon={<StopOutlined />} data-testid="org-deactivate">
              {t('org.deactivate')}
            </Button>
          </Popconfirm>
        </Space>
      ) : null}
    </Card>
  );
}
