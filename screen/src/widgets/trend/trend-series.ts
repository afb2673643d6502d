// A trend answer as chart series: pure, so tested without a chart.
import { LOCAL_OFFSET_MS } from '../../../../gateway/protocol/time.js';
import type { TrendResponse } from '../../net/protocol.js';

export interface TrendSeries {
  /** MM-DD of each local day */
  labels: string[];
  reported: number[];
  closed: number[];
}

export function trendSeries(answer: TrendResponse | null): TrendSeries {
  const points = answer?.points ?? [];
  return {
    labels: points.map((p) => new Date(Date.parse(p.at) + LOCAL_OFFSET_MS).toISOString().slice(5, 10)),
    reported: points.map((p) => p.reported),
    closed: points.map((p) => p.closed),
  };
}
