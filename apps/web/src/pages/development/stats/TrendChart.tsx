import type { EChartsOption } from 'echarts';
import { useTranslation } from 'react-i18next';
import { ReactEChartsCore, echarts } from '../../dashboard/echarts.ts';
import { FIGURES, type Figure } from './figures.ts';

export interface TrendPoint {
  year: number;
  values: Record<Figure, number>;
}

/** Five years of the pipeline figures as grouped bars (loaded with the stats tab only: ECharts is large). */
export default function TrendChart({ points, onPick }: { points: TrendPoint[]; onPick: (year: number, figure: Figure) => void }) {
  const { t } = useTranslation();
  const colors = ['#8c8c8c', '#1677ff', '#722ed1', '#fa8c16', '#c8161d'];
  const option: EChartsOption = {
    color: colors,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, bottom: 56, top: 12, containLabel: true },
    xAxis: { type: 'category', data: points.map((p) => t('development.common.yearN', { year: p.year })) },
    yAxis: { type: 'value', minInterval: 1 },
    series: FIGURES.map((f) => ({
      name: t(`development.stats.short.${f}`),
      type: 'bar',
      barMaxWidth: 18,
      data: points.map((p) => p.values[f]),
    })),
  };
  return (
    <div role="img" aria-label={t('development.stats.trend')}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        style={{ height: 280, width: '100%' }}
        onEvents={{
          click: (p: { dataIndex?: number; seriesIndex?: number }) => {
            const point = points[p.dataIndex ?? -1];
            const figure = FIGURES[p.seriesIndex ?? -1];
            if (point && figure) onPick(point.year, figure);
          },
        }}
      />
    </div>
  );
}
