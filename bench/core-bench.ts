// The core section of `npm run bench`: what a desk does per scan and per bundle, on a register of
// 100,000 cards, each timing divided by a native Ed25519 verify measured alongside it.

import type { OpenResult, TrustBundle } from '../src/core/bundle.ts';
import { deskToday, isStaleAt, openBundle, parseEnvelope } from '../src/core/bundle.ts';
import type { CardCheck } from '../src/core/card-check.ts';
import { checkCard } from '../src/core/card-check.ts';
import type { Ed25519 } from '../src/core/ed25519.ts';
import { pickEd25519 } from '../src/core/ed25519.ts';
import { nobleEd25519 } from '../src/core/ed25519-noble.ts';
import { suggestCardIds } from '../src/core/suggestions.ts';
import { demoRoots, nodeSubtle } from '../test/support/vectors.ts';
import { ANCHOR_NAME, nativeVerifyAnchor } from './anchor.ts';
import { CORE_GZIP_BUDGET_KIB, coreSize } from '../test/support/core-size.ts';
import { NOW_MS, REGISTER_SIZE, makeFixture } from './fixture.ts';
import { interleavedBench } from './measure.ts';
import type { BenchRow } from './rows.ts';
import { withinBudget } from './rows.ts';

const REGISTER_LABEL = `${REGISTER_SIZE / 1000}k`;
/** Where WebCrypto has no Ed25519, a scan still costs at most this many native verifies. */
const FALLBACK_BUDGET = { max: 70, of: 'ratio' } as const;

function opened(result: OpenResult): TrustBundle {
  if (!result.ok) throw new Error(`the bench bundle does not open: ${result.error}`);
  return result.bundle;
}

/** A timing of a wrong answer is worthless: every subject is checked once before it is timed. */
function expectAccepted(check: CardCheck, what: string): void {
  if (check.verdict !== 'accepted') throw new Error(`${what} was ${check.verdict} (${check.reason}), not accepted`);
}

export async function coreBench(log: (line: string) => void): Promise<BenchRow[]> {
  log(`core: building a register of ${REGISTER_SIZE.toLocaleString('en-US')} cards and sealing it`);
  const fx = makeFixture();
  const bench = interleavedBench(nativeVerifyAnchor(fx.random));

  const webcrypto = await pickEd25519(nodeSubtle, async () => nobleEd25519);
  if (webcrypto.engine !== 'webcrypto') throw new Error('this Node does not verify Ed25519 in WebCrypto: the webcrypto rows would time the fallback');
  const context = async (ed: Ed25519) => {
    const bundle = opened(await openBundle(fx.envelope, demoRoots, ed));
    return { bundle, today: deskToday(bundle, NOW_MS), stale: isStaleAt(bundle, NOW_MS) };
  };
  const wc = await context(webcrypto);
  const fb = await context(nobleEd25519);
  expectAccepted(await checkCard(fx.code, wc), 'the KK1. code (webcrypto)');
  expectAccepted(await checkCard(fx.code, fb), 'the KK1. code (fallback engine)');
  for (const id of fx.plainIds) expectAccepted(await checkCard(id, wc), `card ${id}`);
  const { typed, meant } = fx.typo;
  const suggested = suggestCardIds(wc.bundle.register, typed);
  if (wc.bundle.register.lookup(typed) || suggested.join() !== meant) throw new Error(`"${typed}" should suggest exactly ${meant}, got [${suggested.join()}]`);

  const openAndLookUp = async (envelope: unknown) => {
    const { register } = opened(await openBundle(envelope, demoRoots, webcrypto));
    if (!register.lookup(meant)) throw new Error('the opened register does not find a registered card');
  };

  const rows: BenchRow[] = [];
  log('core: KK1. check (webcrypto)');
  rows.push(
    await bench.row(
      { name: 'KK1. check, webcrypto', unit: 'µs', warmup: 500, iterations: 5000, budget: { max: 3, of: 'ratio' } },
      () => checkCard(fx.code, wc),
    ),
  );
  log('core: KK1. check (fallback engine)');
  rows.push(
    await bench.row({ name: 'KK1. check, fallback engine (@noble/ed25519, cofactorless)', unit: 'µs', warmup: 20, iterations: 500, budget: FALLBACK_BUDGET }, () =>
      checkCard(fx.code, fb),
    ),
  );
  log('core: plain-ID check');
  let next = 0;
  rows.push(
    await bench.row({ name: `plain-ID check, ${REGISTER_LABEL} register`, unit: 'µs', warmup: 2000, iterations: 20_000, budget: { max: 50, of: 'value' } }, () =>
      checkCard(fx.plainIds[next++ % fx.plainIds.length]!, wc),
    ),
  );
  log('core: opening the bundle');
  const openSpec = { unit: 'ms', warmup: 3, iterations: 40, budget: { max: 300, of: 'value' } } as const;
  rows.push(await bench.row({ ...openSpec, name: `open bundle ${REGISTER_LABEL}, from object` }, () => openAndLookUp(fx.envelope)));
  rows.push(
    await bench.row({ ...openSpec, name: `open bundle ${REGISTER_LABEL}, from text` }, () => {
      const envelope = parseEnvelope(fx.envelopeText);
      if (typeof envelope === 'string') throw new Error(envelope);
      return openAndLookUp(envelope);
    }),
  );
  log('core: did-you-mean suggestions');
  rows.push(
    await bench.row({ name: 'did you mean, 10-char typed ID', unit: 'ms', warmup: 5, iterations: 200 }, () =>
      suggestCardIds(wc.bundle.register, typed),
    ),
  );

  log('core: size');
  const size = await coreSize();
  const gzipKiB = size.gzipBytes / 1024;
  const sizeBudget = { max: CORE_GZIP_BUDGET_KIB, of: 'value' } as const;
  rows.push({
    name: `core size, gzip -9 (min ${size.minBytes.toLocaleString('en-US')} B)`,
    unit: 'KiB',
    median: gzipKiB,
    p95: null,
    ratio: null,
    iterations: null,
    budget: sizeBudget,
    within: withinBudget(sizeBudget, gzipKiB, null),
  });

  return [bench.anchorRow(ANCHOR_NAME), ...rows];
}
