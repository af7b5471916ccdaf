import { BoldOutlined, ItalicOutlined, OrderedListOutlined, UnderlineOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { sanitizeHtml } from '../ledger/html.ts';

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (html: string) => void;
  disabled?: boolean;
  placeholder?: string;
}

const COMMANDS = [
  { cmd: 'bold', icon: <BoldOutlined />, key: 'bold' },
  { cmd: 'italic', icon: <ItalicOutlined />, key: 'italic' },
  { cmd: 'underline', icon: <UnderlineOutlined />, key: 'underline' },
  { cmd: 'insertUnorderedList', icon: <UnorderedListOutlined />, key: 'bullets' },
  { cmd: 'insertOrderedList', icon: <OrderedListOutlined />, key: 'numbers' },
] as const;

/** A small rich-text box for a task's requirements (what it emits is sanitised; the server sanitises again). */
export function RichTextEditor({ id, value, onChange, disabled, placeholder }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const last = useRef<string | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const v = value ?? '';
    // Only a value from outside is written back: rewriting what the user is typing would move the caret.
    if (v !== last.current) {
      el.innerHTML = sanitizeHtml(v);
      last.current = v;
    }
  }, [value]);

  const emit = () => {
    const el = ref.current;
    if (!el) return;
    const html = sanitizeHtml(el.innerHTML);
    last.current = html;
    onChange?.(html);
  };

  return (
    <div className="tz-task-editor">
      <Space size={2} className="tz-task-editor-toolbar">
        {COMMANDS.map((c) => (
          <Tooltip key={c.key} title={t(`tasks.editor.${c.key}`)}>
            <Button
              size="small"
              type="text"
              icon={c.icon}
              disabled={disabled}
              aria-label={t(`tasks.editor.${c.key}`)}
              onMouseDown={(e) => {
                e.preventDefault();
                document.execCommand(c.cmd);
                emit();
              }}
            />
          </Tooltip>
        ))}
      </Space>
      {/* biome-ignore lint/a11y/useSemanticElements: a rich-text area has no native element */}
      <div
        id={id}
        ref={ref}
        className="tz-task-editor-input tz-task-html"
        contentEditable={!disabled}
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-placeholder={placeholder}
        data-placeholder={placeholder}
        tabIndex={0}
        onInput={emit}
        onBlur={emit}
      />
    </div>
  );
}
