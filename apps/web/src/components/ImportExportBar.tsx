import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../i18n/people.ts';
import { useErrorMessage } from './errors.tsx';
import { useMessage } from './feedback.tsx';
import type { ImportOutcome } from './files.ts';
import { download } from './files.ts';
import { ImportDialog, downloadTemplate } from './ImportDialog.tsx';

interface ExportButtonProps {
  kind: string;
  title: string;
  /** Only this subtree (else everything the user may see). */
  orgId?: number | null;
  size?: 'small' | 'middle';
}

/** GET /api/v1/exports/:kind[?orgId=] → the workbook (in the template's format). */
export function ExportButton({ kind, title, orgId, size }: ExportButtonProps) {
  const { t } = useTranslation();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size={size}
      icon={<DownloadOutlined />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await download(`/api/v1/exports/${encodeURIComponent(kind)}`, { query: { orgId: orgId ?? undefined }, fallback: `${title}.xlsx` });
        } catch (err) {
          message.error(errorMessage(err));
        } finally {
          setBusy(false);
        }
      }}
      data-testid={`export-${kind}`}
    >
      {t('imports.export')}
    </Button>
  );
}

interface ImportExportBarProps extends ExportButtonProps {
  /** import.run: shows the import button. */
  canImport: boolean;
  /** org.read (template and export). */
  canExport: boolean;
  onImported?: (outcome: ImportOutcome) => void;
}

/** Template · Import · Export buttons of one import kind, for list pages. */
export function ImportExportBar({ kind, title, orgId, size, canImport, canExport, onImported }: ImportExportBarProps) {
  const { t } = useTranslation();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!canImport && !canExport) return null;
  return (
    <Space wrap size={8}>
      {canExport ? (
        <Button
          size={size}
          icon={<FileExcelOutlined />}
          loading={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await downloadTemplate(kind, title);
            } catch (err) {
              message.error(errorMessage(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('imports.template')}
        </Button>
      ) : null}
      {canImport ? (
        <Button size={size} icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid={`import-${kind}`}>
          {t('imports.import')}
        </Button>
      ) : null}
      {canExport ? <ExportButton kind={kind} title={title} orgId={orgId} size={size} /> : null}
      {canImport ? <ImportDialog kind={kind} title={title} open={open} onClose={() => setOpen(false)} onImported={onImported} /> : null}
    </Space>
  );
}
