import { CheckCircleOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Progress, Result, Space, Table, type TableColumnsType, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import '../i18n/people.ts';
import { ErrorAlert, useErrorMessage } from './errors.tsx';
import { useMessage } from './feedback.tsx';
import { type ImportOutcome, type ImportProblem, bilingual, download, importProblemsOf, uploadWorkbook } from './files.ts';

type Phase =
  | { step: 'choose' }
  | { step: 'busy'; file: File; dryRun: boolean }
  | { step: 'valid'; file: File; outcome: ImportOutcome }
  | { step: 'problems'; file: File; problems: ImportProblem[]; refused: string | null }
  | { step: 'failed'; file: File | null; error: unknown }
  | { step: 'done'; outcome: ImportOutcome };

export interface ImportDialogProps {
  /** The import kind (`people`, `org-units`, `activities`…): GET …/imports/:kind/template, POST …/imports/:kind. */
  kind: string;
  /** What is imported, for the title (e.g. 人员名册). */
  title: string;
  open: boolean;
  onClose: () => void;
  /** Called after a successful (non-dry-run) import, e.g. to refresh the list. */
  onImported?: (outcome: ImportOutcome) => void;
}

const MAX_BYTES = 20 * 1024 * 1024;

/** Downloads the blank template of an import kind. */
export function downloadTemplate(kind: string, title: string): Promise<void> {
  return download(`/api/v1/imports/${encodeURIComponent(kind)}/template`, { fallback: `${title}.xlsx` });
}

/**
 * Import any kind from Excel: template → choose an .xlsx → dry run (every problem listed as 行号/列/值/原因, with an
 * error workbook to download) → 确认导入 → inserted / updated counts. All or nothing, as the server decides.
 */
export function ImportDialog({ kind, title, open, onClose, onImported }: ImportDialogProps) {
  const { t, i18n } = useTranslation();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const [downloading, setDownloading] = useState<'template' | 'problems' | null>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    if (open) setPhase({ step: 'choose' });
  }, [open]);

  const run = async (file: File, dryRun: boolean) => {
    setPhase({ step: 'busy', file, dryRun });
    try {
      const outcome = await uploadWorkbook(kind, file, dryRun);
      if (!alive.current) return;
      if (dryRun) setPhase({ step: 'valid', file, outcome });
      else {
        setPhase({ step: 'done', outcome });
        onImported?.(outcome);
      }
    } catch (err) {
      if (!alive.current) return;
      const found = err instanceof ApiError && err.code === 'validation_failed' ? importProblemsOf(err.details) : null;
      if (found && (found.problems.length || found.refused)) setPhase({ step: 'problems', file, ...found });
      else setPhase({ step: 'failed', file, error: err });
    }
  };

  const choose = (file: File) => {
    if (!/\.xlsx$/i.test(file.name)) {
      message.error(t('imports.notXlsx'));
      return;
    }
    if (file.size > MAX_BYTES) {
      message.error(t('errors.payload_too_large'));
      return;
    }
    void run(file, true);
  };

  const getTemplate = async () => {
    setDownloading('template');
    try {
      await downloadTemplate(kind, title);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setDownloading(null);
    }
  };

  const getProblems = async (problems: ImportProblem[]) => {
    setDownloading('problems');
    try {
      await download('/api/v1/imports/problems-workbook', { json: { problems }, fallback: '导入错误明细.xlsx' });
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setDownloading(null);
    }
  };

  const columns: TableColumnsType<ImportProblem & { key: number }> = [
    { title: t('imports.row'), dataIndex: 'row', width: 72 },
    { title: t('imports.column'), dataIndex: 'column', width: 120 },
    { title: t('imports.value'), dataIndex: 'value', width: 140, render: (v: string) => <span style={{ wordBreak: 'break-all' }}>{v}</span> },
    { title: t('imports.reason'), dataIndex: 'reason', render: (r: string) => bilingual(r, i18n.language) },
  ];

  const picker = (again: boolean) => (
    <Upload.Dragger
      accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      multiple={false}
      showUploadList={false}
      beforeUpload={(file) => {
        choose(file);
        return false;
      }}
      style={{ padding: again ? 0 : undefined }}
      data-testid="import-file"
    >
      {again ? null : (
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
      )}
      <p className="ant-upload-text">{again ? t('imports.chooseAgain') : t('imports.choose')}</p>
      {again ? null : <p className="ant-upload-hint">{t('imports.dragHint')}</p>}
    </Upload.Dragger>
  );

  const body = () => {
    switch (phase.step) {
      case 'choose':
        return picker(false);
      case 'busy':
        return (
          <div style={{ textAlign: 'center', padding: '24px 0' }} role="status" aria-live="polite" data-testid="import-busy">
            <Progress percent={99} status="active" showInfo={false} />
            <Typography.Text>{phase.dryRun ? t('imports.validating') : t('imports.importing')}</Typography.Text>
            <div>
              <Typography.Text type="secondary">{phase.file.name}</Typography.Text>
            </div>
          </div>
        );
      case 'valid':
        return (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert
              type="success"
              showIcon
              title={t('imports.validOk', { rows: phase.outcome.rows })}
              description={phase.file.name}
              data-testid="import-valid"
            />
            {picker(true)}
          </Space>
        );
      case 'problems': {
        const rows = phase.problems.map((p, i) => ({ ...p, key: i }));
        return (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="import-problems">
            <Alert
              type="error"
              showIcon
              title={phase.refused && !rows.length ? t('imports.refused') : t('imports.problemsTitle', { count: rows.length })}
              description={
                <>
                  {phase.refused ? <div>{bilingual(phase.refused, i18n.language)}</div> : null}
                  <div>{t('imports.problemsHint')}</div>
                </>
              }
            />
            {rows.length ? (
              <>
                <Table
                  size="small"
                  columns={columns}
                  dataSource={rows}
                  pagination={rows.length > 100 ? { pageSize: 100, showSizeChanger: false, showTotal: (n) => t('common.total', { total: n }) } : false}
                  scroll={{ x: 480, y: 360 }}
                  data-testid="import-problems-table"
                />
                <Button icon={<DownloadOutlined />} loading={downloading === 'problems'} onClick={() => void getProblems(phase.problems)}>
                  {t('imports.downloadProblems')}
                </Button>
              </>
            ) : null}
            {picker(true)}
          </Space>
        );
      }
      case 'failed':
        return (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <ErrorAlert error={phase.error} onRetry={phase.file ? () => phase.file && void run(phase.file, true) : undefined} />
            {picker(true)}
          </Space>
        );
      case 'done':
        return (
          <Result
            status="success"
            icon={<CheckCircleOutlined />}
            title={t('imports.done', { inserted: phase.outcome.inserted, updated: phase.outcome.updated })}
            data-testid="import-done"
          />
        );
    }
  };

  const busy = phase.step === 'busy';
  const footer = [
    <Button key="close" onClick={onClose} disabled={busy && !phase.dryRun}>
      {phase.step === 'done' ? t('common.close') : t('common.cancel')}
    </Button>,
  ];
  if (phase.step === 'valid') {
    const file = phase.file;
    footer.push(
      <Button key="go" type="primary" onClick={() => void run(file, false)} data-testid="import-confirm">
        {t('imports.confirm')}
      </Button>,
    );
  }

  return (
    <Modal
      open={open}
      title={t('imports.title', { title })}
      onCancel={busy && !phase.dryRun ? undefined : onClose}
      closable={!(busy && !phase.dryRun)}
      maskClosable={false}
      footer={footer}
      width={760}
      destroyOnHidden
    >
      <ol style={{ paddingInlineStart: 20, marginBottom: 12 }}>
        <li>
          <Space wrap size={4}>
            {t('imports.step1')}
            <Button size="small" type="link" icon={<DownloadOutlined />} loading={downloading === 'template'} onClick={() => void getTemplate()}>
              {t('imports.template')}
            </Button>
          </Space>
        </li>
        <li>{t('imports.step2')}</li>
      </ol>
      {body()}
    </Modal>
  );
}

export default ImportDialog;
