import { BoldOutlined, ItalicOutlined, OrderedListOutlined, UnderlineOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import { useEffect, useRef } from 'react';
import { sanitizeHtml } from './html.ts';

export type EditorCommand = 'bold' | 'italic' | 'underline' | 'bullets' | 'numbers';

export interface RichTextEditorProps {
  id?: string;
  value?: string | null;
  onChange?: (html: string) => void;
  disabled?: boolean;
  placeholder?: string;
  /** Toolbar labels, from the caller's catalog. */
  labels: Record<EditorCommand, string>;
  /** The area's look: wrapper, toolbar and editable box classes. */
  classNames: { root: string; toolbar: string; input: string };
}

const COMMANDS = [
  { cmd: 'bold', icon: <BoldOutlined />, key: 'bold' },
  { cmd: 'italic', icon: <ItalicOutlined />, key: 'italic' },
  { cmd: 'underline', icon: <UnderlineOutlined />, key: 'underline' },
  { cmd: 'insertUnorderedList', icon: <UnorderedListOutlined />, key: 'bullets' },
  { cmd: 'insertOrderedList', icon: <OrderedListOutlined />, key: 'numbers' },
] as const;

/**
 * A small rich-text box (contentEditable) for meeting minutes, task requirements and the like. What it emits is
 * sanitised; the server sanitises again.
 */
export function RichTextEditor({ id, value, onChange, disabled, placeholder, labels, classNames }: RichTextEditorProps) {
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
    <div className={classNames.root}>
      <Space size={2} className={classNames.toolbar}>
        {COMMANDS.map((c) => (
          <Tooltip key={c.key} title={labels[c.key]}>
            <Button
              size="small"
              type="text"
              icon={c.icon}
              disabled={disabled}
              aria-label={labels[c.key]}
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
        className={classNames.input}
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
