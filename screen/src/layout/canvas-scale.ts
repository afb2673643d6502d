export const DESIGN_WIDTH = 1920;
export const DESIGN_HEIGHT = 1080;

export interface CanvasFit {
  scale: number;
  offsetX: number;
  offsetY: number;
}

/** Scale a design canvas to fit the viewport whole, centred, with bars on the spare side. */
export function fitCanvas(viewW: number, viewH: number, w = DESIGN_WIDTH, h = DESIGN_HEIGHT): CanvasFit {
  const scale = Math.max(0.01, Math.min(viewW / w, viewH / h));
  return { scale, offsetX: (viewW - w * scale) / 2, offsetY: (viewH - h * scale) / 2 };
}
