import { ApartmentOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Input, List, Row, Space, Tree, type TreeDataNode, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, isConflict } from '../api/client.ts';
import { orgApi, orgKeys, useOrgDetail, useOrgSearch } from '../api/orgUnits.ts';
import type { OrgUnitView } from '../api/types.ts';
import { hasWholeTreeAbility, useCan, useSession } from '../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../components/errors.tsx';
import { useMessage } from '../components/feedback.tsx';
import { Loading } from '../components/Loading.tsx';
import { localizeServerText } from '../i18n/index.ts';
import '../layout/layout.css';
import { OrgDetailPanel } from '../org/OrgDetailPanel.tsx';
import { OrgFormModal, type OrgFormTarget } from '../org/OrgFormModal.tsx';
import { OrgKindTag } from '../org/OrgKindTag.tsx';
import { OrgMoveModal } from '../org/OrgMoveModal.tsx';
import { useOrgTree } from '../org/useOrgTree.ts';
import { OrgCounts, useOrgStats } from './people/OrgCounts.tsx';
import { ImportExportBar } from '../components/ImportExportBar.tsx';
import type { OrgStats } from './people/api.ts';

function NodeTitle({ unit, stats }: { unit: OrgUnitView; stats?: OrgStats }) {
  return (
    <span className="tz-org-node" data-org-id={unit.id}>
      <span style={{ marginInlineEnd: 6 }}>{unit.name}</span>
      <OrgKindTag kind={unit.kind} style={{ fontSize: 11, lineHeight: '16px', paddingInline: 4 }} />
      <OrgCounts stats={stats} />
    </span>
  );
}

/** The org tree: lazy-loaded children, search, details and (with org.manage) create / edit / move / deactivate. */
export default function OrgTreePage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const can = useCan();
  const session = useSession().data;
  const canManage = can('org.manage');
  const canCreateRoot = hasWholeTreeAbility(session, 'org.manage');
  const tree = useOrgTree();
  const { roots, children, expanded, setExpanded, loadChildren, reloadList, expand, reveal } = tree;

  const [params, setParams] = useSearchParams();
  const selectedId = Number(params.get('id')) || null;
  const select = useCallback(
    (id: number | null) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (id === null) next.delete('id');
          else next.set('id', String(id));
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const [searchText, setSearchText] = useState('');
  const q = searchText.trim();
  const search = useOrgSearch(q);

  const detail = useOrgDetail(selectedId);
  const [formTarget, setFormTarget] = useState<OrgFormTarget | null>(null);
  const [moving, setMoving] = useState<OrgUnitView | null>(null);

  // Open the tree down to the selected unit once (deep link, search result, breadcrumb, after a move).
  const revealed = useRef<number | null>(null);
  useEffect(() => {
    const d = detail.data;
    if (!d || !roots.data || revealed.current === d.unit.id) return;
    revealed.current = d.unit.id;
    void reveal(
      d.path,
      roots.data.map((r) => r.id),
    );
  }, [detail.data, roots.data, reveal]);

  // Counts per shown unit (one request for the units loaded so far).
  const shownIds = useMemo(() => [...(roots.data ?? []), ...Object.values(children).flat()].map((u) => u.id), [roots.data, children]);
  const stats = useOrgStats(shownIds);

  const treeData = useMemo(() => {
    const build = (u: OrgUnitView): TreeDataNode => {
      const kids = children[u.id];
      return {
        key: u.id,
        title: <NodeTitle unit={u} stats={stats.get(u.id)} />,
        isLeaf: kids ? kids.length === 0 : u.childCount === 0,
        children: kids?.map(build),
      };
    };
    return (roots.data ?? []).map(build);
  }, [roots.data, children, stats]);

  const refreshDetail = async () => {
    await detail.refetch();
  };

  const onSaved = async (unit: OrgUnitView, target: OrgFormTarget) => {
    setFormTarget(null);
    if (target.mode === 'create') {
      void message.success(t('org.created', { name: unit.name }));
      if (target.parent) {
        await loadChildren(target.parent.id);
        expand([target.parent.id]);
        void qc.invalidateQueries({ queryKey: orgKeys.detail(target.parent.id) });
      } else await reloadList(null);
      select(unit.id);
    } else {
      void message.success(t('org.updated'));
      await reloadList(unit.parentId);
      await qc.invalidateQueries({ queryKey: orgKeys.detail(unit.id) });
    }
    void qc.invalidateQueries({ queryKey: ['org-units', 'search'] });
  };

  const onMoved = async (unit: OrgUnitView, oldParentId: number | null) => {
    setMoving(null);
    void message.success(t('org.moved'));
    await reloadList(oldParentId);
    if (unit.parentId !== null && (children[unit.parentId] || expanded.includes(unit.parentId))) await loadChildren(unit.parentId);
    revealed.current = null;
    await qc.invalidateQueries({ queryKey: orgKeys.all });
  };

  const onDeactivate = async () => {
    const unit = detail.data?.unit;
    if (!unit) return;
    try {
      await orgApi.deactivate(unit.id, unit.version);
      void message.success(t('org.deactivated', { name: unit.name }));
      await reloadList(unit.parentId);
      await qc.invalidateQueries({ queryKey: orgKeys.all });
    } catch (err) {
      if (isConflict(err)) {
        void message.error(t('org.conflict'));
        void detail.refetch();
        return;
      }
      const fields = err instanceof ApiError ? err.fields.map((f) => localizeServerText(f.message)) : [];
      void message.error(fields.length ? fields.join('；') : errorMessage(err));
    }
  };

  const renderTree = () => {
    if (roots.isPending) return <Loading minHeight={200} />;
    if (roots.error) return <ErrorAlert error={roots.error} onRetry={() => void roots.refetch()} />;
    if (!treeData.length) {
      return (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={canCreateRoot ? t('org.noUnitsManage') : t('org.noUnits')}>
          {canCreateRoot ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', parent: null })}>
              {t('org.createRoot')}
            </Button>
          ) : null}
        </Empty>
      );
    }
    return (
      <div className="tz-org-tree-scroll">
        <Tree
          className="tz-org-tree"
          showLine
          blockNode
          treeData={treeData}
          expandedKeys={expanded}
          onExpand={(keys) => setExpanded(keys.map(Number))}
          selectedKeys={selectedId ? [selectedId] : []}
          onSelect={(keys) => {
            if (keys.length) select(Number(keys[0]));
          }}
          loadData={async (node) => {
            await loadChildren(Number(node.key));
          }}
          data-testid="org-tree"
        />
      </div>
    );
  };

  const renderSearch = () => {
    if (search.isPending) return <Loading minHeight={120} />;
    if (search.error) return <ErrorAlert error={search.error} onRetry={() => void search.refetch()} />;
    return (
      <List<OrgUnitView>
        size="small"
        header={<Typography.Text type="secondary">{t('org.searchResults', { count: search.data.length })}</Typography.Text>}
        dataSource={search.data}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.noResults')} /> }}
        renderItem={(u) => (
          <List.Item
            style={{ cursor: 'pointer', paddingInline: 8, background: u.id === selectedId ? '#fdecec' : undefined }}
            onClick={() => {
              revealed.current = null;
              select(u.id);
            }}
          >
            <Space size={6} wrap>
              <span>{u.name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {u.code}
              </Typography.Text>
              <OrgKindTag kind={u.kind} />
              {u.active ? null : <Typography.Text type="secondary">{t('org.inactive')}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
    );
  };

  const unit = detail.data?.unit ?? null;
  // An edit always saves against the latest version read from the server.
  const editTarget = useMemo<OrgFormTarget | null>(
    () => (formTarget?.mode === 'edit' && unit && unit.id === formTarget.unit.id ? { mode: 'edit', unit } : formTarget),
    [formTarget, unit],
  );

  return (
    <div>
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <ApartmentOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('org.title')}
        </Typography.Title>
        <ImportExportBar
          kind="org-units"
          title={t('org.title')}
          orgId={selectedId}
          canImport={can('import.run')}
          canExport={can('org.read')}
          onImported={() => {
            void roots.refetch();
            for (const id of Object.keys(children)) void loadChildren(Number(id));
            void qc.invalidateQueries({ queryKey: orgKeys.all });
          }}
        />
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10} xl={9}>
          <Card
            size="small"
            title={t('nav.orgUnits')}
            extra={
              <Space size={4}>
                {canCreateRoot && treeData.length ? (
                  <Button size="small" type="text" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', parent: null })}>
                    {t('org.createRoot')}
                  </Button>
                ) : null}
                <Button
                  size="small"
                  type="text"
                  icon={<ReloadOutlined />}
                  aria-label={t('common.refresh')}
                  onClick={() => {
                    void roots.refetch();
                    for (const id of Object.keys(children)) void loadChildren(Number(id));
                  }}
                />
              </Space>
            }
          >
            <Input.Search
              placeholder={t('org.searchPlaceholder')}
              allowClear
              enterButton
              onSearch={(v) => setSearchText(v)}
              onChange={(e) => {
                if (!e.target.value) setSearchText('');
              }}
              style={{ marginBottom: 12 }}
              maxLength={100}
              data-testid="org-search"
            />
            {q ? (
              <>
                {renderSearch()}
                <Button type="link" style={{ paddingInline: 0 }} onClick={() => setSearchText('')}>
                  {t('org.clearSearch')}
                </Button>
              </>
            ) : (
              renderTree()
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14} xl={15}>
          <OrgDetailPanel
            detail={selectedId ? detail.data : undefined}
            loading={selectedId !== null && detail.isPending}
            error={selectedId !== null ? detail.error : null}
            onRetry={() => void detail.refetch()}
            canManage={canManage}
            onSelectPath={(id) => {
              revealed.current = null;
              select(id);
            }}
            onCreateChild={() => unit && setFormTarget({ mode: 'create', parent: unit })}
            onEdit={() => unit && setFormTarget({ mode: 'edit', unit })}
            onMove={() => setMoving(unit)}
            onDeactivate={onDeactivate}
          />
        </Col>
      </Row>
      <OrgFormModal target={editTarget} onClose={() => setFormTarget(null)} onSaved={(u, target) => void onSaved(u, target)} onRefresh={refreshDetail} />
      <OrgMoveModal
        unit={moving && unit && unit.id === moving.id ? unit : moving}
        path={detail.data?.path ?? []}
        onClose={() => setMoving(null)}
        onMoved={(u, old) => void onMoved(u, old)}
        onRefresh={refreshDetail}
      />
    </div>
  );
}
