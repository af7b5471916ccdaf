export interface Stat {
  key: string;
  label: string;
  value: number | string;
  /** Red when a gap count is above zero, green for the good counts. */
  tone?: 'bad' | 'good';
  active?: boolean;
  /** Makes the figure a button (a filter or a drill-down). */
  onClick?: () => void;
  hint?: string;
}

/** A row of headline figures; the clickable ones filter the view below. */
export function StatStrip({ stats, testId }: { stats: readonly Stat[]; testId?: string }) {
  return (
    <div className="tz-duties-stats" data-testid={testId}>
      {stats.map((s) => {
        const body = (
          <>
            <div className="tz-duties-stat-label">{s.label}</div>
            <div className={`tz-duties-stat-value${s.tone ? ` is-${s.tone}` : ''}`}>{s.value}</div>
          </>
        );
        return s.onClick ? (
          <button
            key={s.key}
            type="button"
            className={`tz-duties-stat${s.active ? ' is-active' : ''}`}
            onClick={s.onClick}
            title={s.hint}
            aria-pressed={s.active ?? false}
          >
            {body}
          </button>
        ) : (
          <div key={s.key} className="tz-duties-stat" title={s.hint}>
            {body}
          </div>
        );
      })}
    </div>
  );
}
