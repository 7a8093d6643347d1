/**
 * Grafana's "max data points": a panel asks for about as many steps as it has pixels to draw
 * them, so a 24 h panel gets ~300 five-minute averages instead of 1,440 minutes (the API rounds
 * the step up to a nice one). Fewer points is most of a long range's render time.
 */
export const MAX_DATA_POINTS = 480;

export function panelStep(range: { from: number; to: number }): number {
  return Math.max(1, Math.ceil((range.to - range.from) / 1000 / MAX_DATA_POINTS));
}
