// The printable page of demo cards at /demo/cards: QR codes to show to a desk's camera and card
// numbers to type, each labelled with what the desk should say.

import { qrMatrix, renderSvg } from '../../src/node/qr-render.ts';
import type { DemoCard } from './demo-data.ts';
import type { VenueSettings } from '../../src/core/venue.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cardHtml(card: DemoCard): string {
  const face = card.kind === 'code' ? renderSvg(qrMatrix(card.input)) : `<p class="number">${escapeHtml(card.input)}</p>`;
  const id = card.kind === 'code' ? `<p class="card-id">Card ID <strong>${escapeHtml(card.cardId)}</strong></p>` : '';
  return `<article class="card"><h2>${escapeHtml(card.title)}</h2>${face}${id}<p class="expect"><strong>Desk says:</strong> ${escapeHtml(card.expect)}</p></article>`;
}

export function demoCardsPage(cards: readonly DemoCard[], venue: VenueSettings): string {
  const events = venue.events.map((e) => `<li>${escapeHtml(e.title)}, ${escapeHtml(e.start)}</li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kaiku demo cards</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #111; }
  .warning { border: 2px solid #b00; padding: .5rem 1rem; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 1rem; }
  .card { border: 1px solid #999; border-radius: .5rem; padding: .75rem; break-inside: avoid; }
  .card h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
  .card svg { width: 100%; max-width: 14rem; display: block; }
  .card-id { font: 1rem ui-monospace, monospace; margin: .3rem 0; }
  .number { font: bold 1.6rem ui-monospace, monospace; letter-spacing: .1em; margin: 2rem 0; }
  @media print { body { margin: 0; } .card { border-color: #000; } }
</style>
</head>
<body>
<h1>Kaiku demo cards: ${escapeHtml(venue.name)}</h1>
<p class="warning">Demo only: these cards are signed with keys whose seeds are public. A desk that trusts them shows "demo keys".</p>
<p>Events today at the demo venue (and the daily admission):</p>
<ul>${events}</ul>
<section class="cards">
${cards.map(cardHtml).join('\n')}
</section>
</body>
</html>
`;
}
