// Plane-to-plane perspective maps for laying a module grid over a code seen at an angle.

/** Row-major 3x3: x' = (h0 x + h1 y + h2) / (h6 x + h7 y + h8), y' likewise with h3..h5. */
export type Homography = [number, number, number, number, number, number, number, number, number];

/** The map taking the quadrilateral `from` onto `to` (each x0,y0,...,x3,y3, in the same order). */
export function quadToQuad(from: readonly number[], to: readonly number[]): Homography {
  return multiply(squareToQuad(to), invert(squareToQuad(from)));
}

/** Unit square (0,0),(1,0),(1,1),(0,1) onto the quadrilateral (Heckbert's construction). */
function squareToQuad(q: readonly number[]): Homography {
  const [x0, y0, x1, y1, x2, y2, x3, y3] = q as [number, number, number, number, number, number, number, number];
  const dx3 = x0 - x1 + x2 - x3;
  const dy3 = y0 - y1 + y2 - y3;
  if (dx3 === 0 && dy3 === 0) return [x1 - x0, x2 - x1, x0, y1 - y0, y2 - y1, y0, 0, 0, 1];
  const dx1 = x1 - x2;
  const dx2 = x3 - x2;
  const dy1 = y1 - y2;
  const dy2 = y3 - y2;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = (dx3 * dy2 - dx2 * dy3) / den;
  const h = (dx1 * dy3 - dx3 * dy1) / den;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
}

function invert(m: Homography): Homography {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = f * g - d * i;
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, (c * h - b * i) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, (c * d - a * f) / det, C / det, (b * g - a * h) / det, (a * e - b * d) / det];
}

function multiply(p: Homography, q: Homography): Homography {
  const out = new Array<number>(9);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) out[r * 3 + c] = p[r * 3]! * q[c]! + p[r * 3 + 1]! * q[3 + c]! + p[r * 3 + 2]! * q[6 + c]!;
  return out as Homography;
}
