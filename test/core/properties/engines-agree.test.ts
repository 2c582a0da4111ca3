// The two Ed25519 engines decide every check alike: the same input gives the same answer.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openBundle } from '../../../src/core/bundle.ts';
import { checkCard } from '../../../src/core/card-check.ts';
import { bundleEnvelope, demoRoots, engines } from '../../support/vectors.ts';
import { TEST_MS, TODAY, asyncOpts, cardInputs, codeLikeBytes, mutatedCode } from './shared.ts';

describe('the two Ed25519 engines decide every check alike', () => {
  it(
    'same input, same bundle, same answer',
    async () => {
      const opened = await Promise.all(engines.map(([, ed]) => openBundle(bundleEnvelope, demoRoots, ed)));
      const bundles = opened.map((o) => {
        if (!o.ok) throw new Error(o.error);
        return o.bundle;
      });
      await fc.assert(
        fc.asyncProperty(fc.oneof(mutatedCode.map((m) => m.input), codeLikeBytes, cardInputs), async (input) => {
          const [a, b] = await Promise.all(bundles.map((bundle) => checkCard(input, { bundle, today: TODAY, stale: false })));
          expect(a).toEqual(b);
        }),
        asyncOpts(60),
      );
    },
    TEST_MS,
  );
});
