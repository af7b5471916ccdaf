import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { localizeServerText } from '../../../i18n/index.ts';
import type { BoardItem, NextStep } from '../api.ts';
import { daysUntil } from '../common.tsx';

/** Whether the next step is due, as a tag with text (not colour only). */
export function NextStatus({ next }: { next: NextStep | null }) {
  const { t } = useTranslation();
  if (!next) return <span>{t('development.board.noNext')}</span>;
  if (next.due)
    return next.stage === 'full' ? <Tag color="orange">{t('development.board.dueConversion')}</Tag> : <Tag color="green">{t('development.board.due')}</Tag>;
  return <Tag>{t('development.board.notDue', { days: Math.max(0, daysUntil(next.from)) })}</Tag>;
}

/** The one-line explanation of a board item's next step (the tooltip of a chip and the list's column). */
export function useNextText(): (item: BoardItem) => string {
  const { t } = useTranslation();
  return (item) => {
    if (!item.next) return t('development.board.noNext');
    const main = t('development.person.nextLine', { action: t(`development.stageAction.${item.next.stage}`), from: item.next.from });
    const missing = item.next.missing.map((m) => localizeServerText(m)).join(t('development.common.listSep'));
    return missing ? `${main}${t('development.common.clauseSep')}${t('development.person.missing')}${missing}` : main;
  };
}

/** A person on the board: name, with a marker when the next step is due; opens the person's record. */
export function PersonChip({ item, onOpen }: { item: BoardItem; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const text = useNextText();
  const due = item.next?.due ?? false;
  const cls = `tz-dev-chip${due ? (item.next?.stage === 'full' ? ' is-conversion' : ' is-due') : ''}`;
  return (
    <Tooltip title={`${item.code} · ${t(`development.stage.${item.stage}`)} ${item.since} · ${text(item)}`}>
      <button type="button" className={cls} onClick={() => onOpen(item.personId)} aria-label={t('development.board.openPerson', { name: item.name })}>
        {item.name}
        {due ? (
          <span className="tz-dev-chip-mark">{item.next?.stage === 'full' ? t('development.board.chipConversion') : t('development.board.chipDue')}</span>
        ) : null}
        {item.dualFlags.length ? <span className="tz-dev-chip-dual">{t('development.board.chipDual')}</span> : null}
      </button>
    </Tooltip>
  );
}
