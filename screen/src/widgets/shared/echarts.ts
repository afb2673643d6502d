// The only ECharts entry point: registers just the charts and components the widgets use.
import { use } from 'echarts/core';
import { BarChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, MapChart, PieChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, CanvasRenderer]);

export { init, registerMap, getMap, type EChartsType, type EChartsCoreOption } from 'echarts/core';
