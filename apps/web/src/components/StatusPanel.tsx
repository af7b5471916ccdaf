import { WarningOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

/** A light "something went wrong" panel for the shell (antd's Result, with its illustrations, loads with the 403/404 pages only). */
export function StatusPanel({ title, description, actions, children }: { title: string; description?: string; actions?: ReactNode; children?: ReactNode }) {
  return (
    <div className="tz-status" role="alert">
      <WarningOutlined className="tz-status-icon" />
      <div className="tz-status-title">{title}</div>
      {description ? <div className="tz-status-desc">{description}</div> : null}
      {children}
      {actions ? <div className="tz-status-actions">{actions}</div> : null}
    </div>
  );
}
