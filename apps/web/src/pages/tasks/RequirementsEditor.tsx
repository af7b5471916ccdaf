import { useTranslation } from 'react-i18next';
import { RichTextEditor, type RichTextEditorProps } from '../../components/RichTextEditor.tsx';

const CLASSES = { root: 'tz-task-editor', toolbar: 'tz-task-editor-toolbar', input: 'tz-task-editor-input tz-task-html' };

/** The rich-text editor for a task's requirements (a Form.Item child). */
export function RequirementsEditor(props: Omit<RichTextEditorProps, 'labels' | 'classNames'>) {
  const { t } = useTranslation();
  const labels = {
    bold: t('tasks.editor.bold'),
    italic: t('tasks.editor.italic'),
    underline: t('tasks.editor.underline'),
    bullets: t('tasks.editor.bullets'),
    numbers: t('tasks.editor.numbers'),
  };
  return <RichTextEditor {...props} labels={labels} classNames={CLASSES} />;
}
