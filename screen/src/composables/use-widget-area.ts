// The area a widget shows figures for: the selected area when one is selected inside the
// screen's scope, else the scope itself. Every figure widget follows the one selection this way.
import { computed, type ComputedRef } from 'vue';
import { useSelectionStore } from '../stores/selection.js';
import { useDrillDown, type DrillDown } from './use-drill-down.js';

export function useWidgetArea(drill: DrillDown = useDrillDown()): ComputedRef<string> {
  const selection = useSelectionStore();
  return computed(() => {
    const selected = selection.area;
    return selected !== null && selected.startsWith(drill.scope.value) ? selected : drill.scope.value;
  });
}
