import { Segmented, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type HeatmapView, LEVELS, RATINGS } from './api.ts';
import { LEVEL_FILL, LEVEL_FILL_STRONG, LEVEL_TAG, isLevel, useLevelLabel } from './common.tsx';

export interface Cell {
  likelihood: number;
  impact: number;
}

interface Props {
  data: HeatmapView | undefined;
  loading: boolean;
  rating: 'inherent' | 'residual';
  onRating: (r: 'inherent' | 'residual') => void;
  selected: Cell | null;
  onSelect: (cell: Cell | null) => void;
}

/**
 * The likelihood × impact matrix as a 5×5 heat grid: each cell shows its level (colour and text) and how many risks
 * sit in it; on the inherent rating a cell click filters the register to that cell (a second click clears it).
 */
export function HeatGrid({ data, loading, rating, onRating, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const label = useLevelLabel();
  const cell = (l: number, i: number) => data?.cells.find((c) => c.likelihood === l && c.impact === i);
  // The list filters on the inherent rating, so only that grid drills down.
  const interactive = rating === 'inherent';
  return (
    <div>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%', marginBottom: 8 }}>
        <Segmented<'inherent' | 'residual'>
          size="small"
          value={rating}
          onChange={onRating}
          options={[
            { value: 'inherent', label: t('risks.inherent') },
            { value: 'residual', label: t('risks.residual') },
          ]}
        />
        {data ? <Typography.Text type="secondary">{t('risks.gridTotal', { n: data.total - data.unrated })}</Typography.Text> : null}
      </Space>
      {loading && !data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <div className="tz-heat">
          <div className="tz-heat-ylabel" aria-hidden="true">
            {t('risks.likelihood')}
          </div>
          <div className="tz-heat-body">
            <table className="tz-heat-table">
              <caption className="tz-sr-only">{t('risks.matrixTitle')}</caption>
              <colgroup>
                <col className="tz-heat-axis-col" />
                {RATINGS.map((i) => (
                  <col key={i} />
                ))}
              </colgroup>
              <tbody>
                {[...RATINGS].reverse().map((l) => (
                  <tr key={l}>
                    <th scope="row" className="tz-heat-axis">
                      <Tooltip title={t(`risks.likelihoodName.s${l}`)} placement="left">
                        <span>{l}</span>
                      </Tooltip>
                    </th>
                    {RATINGS.map((i) => {
                      const c = cell(l, i);
                      const level = c?.level ?? '';
                      const known = isLevel(level) ? level : null;
                      const count = c?.count ?? 0;
                      const active = selected?.likelihood === l && selected.impact === i;
                      const text = t('risks.cellLabel', { l, i, level: label(level), n: count });
                      const fill = known ? (count ? LEVEL_FILL_STRONG[known] : LEVEL_FILL[known]) : '#fafafa';
                      return (
                        <td key={i}>
                          {interactive ? (
                            <button
                              type="button"
                              aria-pressed={active}
                              className={`tz-heat-cell${active ? ' is-active' : ''}${count ? '' : ' is-empty'}`}
                              style={{ background: fill }}
                              aria-label={text}
                              title={text}
                              onClick={() => onSelect(active ? null : { likelihood: l, impact: i })}
                              data-testid={`heat-${l}-${i}`}
                            >
                              <span className="tz-heat-count">{count}</span>
                              <span className="tz-heat-level">{label(level)}</span>
                            </button>
                          ) : (
                            <div
                              className={`tz-heat-cell is-static${count ? '' : ' is-empty'}`}
                              style={{ background: fill }}
                              title={text}
                              data-testid={`heat-${l}-${i}`}
                            >
                              <span className="tz-heat-count">{count}</span>
                              <span className="tz-heat-level">{label(level)}</span>
                            </div>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <td />
                  {RATINGS.map((i) => (
                    <th key={i} scope="col" className="tz-heat-axis">
                      <Tooltip title={t(`risks.impactName.s${i}`)}>
                        <span>{i}</span>
                      </Tooltip>
                    </th>
                  ))}
                </tr>
              </tfoot>
            </table>
            <div className="tz-heat-xlabel" aria-hidden="true">
              {t('risks.impact')}
            </div>
          </div>
        </div>
      )}
      <Space wrap size={[4, 4]} style={{ marginTop: 8 }}>
        {LEVELS.map((lv) => (
          <Tag key={lv} color={LEVEL_TAG[lv]}>
            {label(lv)} {data?.levels.find((x) => x.level === lv)?.count ?? 0}
          </Tag>
        ))}
        {data && data.unrated > 0 ? <Tag>{t('risks.unratedN', { n: data.unrated })}</Tag> : null}
      </Space>
    </div>
  );
}
