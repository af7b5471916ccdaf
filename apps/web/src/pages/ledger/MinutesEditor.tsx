import { useTranslation } from 'react-i18next';
import { RichTextEditor, type RichTextEditorProps } from '../../components/RichTextEditor.tsx';

const CLASSES = { root: 'tz-minutes-editor', toolbar: 'tz-minutes-toolbar', input: 'tz-minutes-input tz-minutes' };

/** The rich-text editor with the record book's look, for meeting minutes (a Form.Item child). */
export function MinutesEditor(props: Omit<RichTextEditorProps, 'labels' | 'classNames'>) {
  const { t } = useTranslation();
  const labels = {
    bold: t('ledger.editor.bold'),
    italic: t('ledger.editor.italic'),
    underline: t('ledger.editor.underline'),
    bullets: t('ledger.editor.bullets'),
    numbers: t('ledger.editor.numbers'),
  };
  return <RichTextEditor {...props} labels={labels} classNames={CLASSES} />;
}
