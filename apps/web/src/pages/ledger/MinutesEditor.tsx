import { BoldOutlined, ItalicOutlined, OrderedListOutlined, UnderlineOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { sanitizeHtml } from './html.ts';

interface MinutesEditorProps {
  id?: string;
  value?: string | null;
  onChange?: (html: string) => void;
  disabled?: boolean;
}

const COMMANDS = [
  { cmd: 'bold', icon: <BoldOutlined />, key: 'bold' },
  { cmd: 'italic', icon: <ItalicOutlined />, key: 'italic' },
  { cmd: 'underline', icon: <UnderlineOutlined />, key: 'underline' },
  { cmd: 'insertUnorderedList', icon: <UnorderedListOutlined />, key: 'bullets' },
  { cmd: 'insertOrderedList', icon: <OrderedListOutlined />, key: 'numbers' },
] as const;

/** A small rich-text editor for meeting minutes (contentEditable; what it emits is sanitised). */
export function MinutesEditor({ id, value, onChange, disabled }: MinutesEditorProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const last = useRef<string | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const v = value ?? '';
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
    <div className="tz-minutes-editor">
      <Space size={2} className="tz-minutes-toolbar">
        {COMMANDS.map((c) => (
          <Tooltip key={c.key} title={t(`ledger.editor.${c.key}`)}>
            <Button
              size="small"
              type="text"
              icon={c.icon}
              disabled={disabled}
              aria-label={t(`ledger.editor.${c.key}`)}
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
        className="tz-minutes-input tz-minutes"
        contentEditable={!disabled}
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        tabIndex={0}
        onInput={emit}
        onBlur={emit}
      />
    </div>
  );
}
