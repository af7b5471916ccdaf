import { Button } from 'antd';
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusPanel } from './StatusPanel.tsx';

function ChunkFailed({ onReset }: { onReset: () => void }) {
  const { t } = useTranslation();
  return (
    <StatusPanel
      title={t('common.loadFailed')}
      description={t('pages.chunkFailed')}
      actions={
        <>
          <Button onClick={onReset}>{t('common.retry')}</Button>
          <Button type="primary" onClick={() => window.location.reload()}>
            {t('pages.reload')}
          </Button>
        </>
      }
    />
  );
}

interface Props {
  children: ReactNode;
  /** Changing this key clears the error (e.g. the current path). */
  resetKey?: string;
}

/** Catches render errors and failed lazy page loads so one broken page does not blank the shell. */
export class ErrorBoundary extends Component<Props, { error: unknown; key?: string }> {
  override state: { error: unknown; key?: string } = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error: unknown; key?: string }) {
    if (props.resetKey !== state.key) return { error: null, key: props.resetKey };
    return null;
  }

  override render() {
    if (this.state.error) return <ChunkFailed onReset={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
