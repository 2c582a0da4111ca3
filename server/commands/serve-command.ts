// kaiku serve: runs the reference server until SIGINT or SIGTERM, then closes it cleanly.

import { randomBytes } from 'node:crypto';
import { helsinkiDay } from '../../src/core/calendar.ts';
import { parseWhole } from '../../src/node/inputs.ts';
import { emit } from '../../src/node/output.ts';
import { UsageError } from '../../src/node/usage-error.ts';
import { demoCardsPage } from '../demo/demo-cards-page.ts';
import { demoCards, demoVenue } from '../demo/demo-data.ts';
import type { DemoCodes } from '../demo/seed-demo.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { type RequestLogLine, startServer } from '../start-server.ts';
import { type StoreArgs, asUsageError, openStoreFor, storeLocation } from './open-store.ts';

export interface ServeOptions extends StoreArgs {
  port?: string;
  host?: string;
  cors?: string;
  demo?: boolean;
  /** No request log (the browser tests, or a log kept by the proxy instead). */
  quiet?: boolean;
}

export const DEFAULT_PORT = 8080;

const random = (n: number) => new Uint8Array(randomBytes(n));

export async function runServe(opts: ServeOptions): Promise<void> {
  const port = parseWhole(opts.port, '--port', 0, 65535) ?? DEFAULT_PORT;
  const data = storeLocation(opts);
  const corsOrigins = (opts.cors ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  const bad = corsOrigins.find((o) => !/^https?:\/\/[^/\s]+$/.test(o));
  if (bad) throw new UsageError(`--cors takes origins like https://desk.example.org, separated by commas, not "${bad}"`);

  let demoPage: string | undefined;
  let codes: DemoCodes | undefined;
  if (opts.demo) {
    const now = Date.now();
    const store = await openStoreFor(data, true);
    try {
      codes = await seedDemo(store, now, random);
    } finally {
      await store.close();
    }
    const today = helsinkiDay(now);
    demoPage = demoCardsPage(demoCards(today), demoVenue(today));
  }

  let server;
  try {
    // A JSON line per request for the operator's log; the demo keeps its terminal for people.
    const log = opts.demo || opts.quiet ? undefined : (line: RequestLogLine) => process.stderr.write(JSON.stringify({ t: new Date().toISOString(), ...line }) + '\n');
    server = await startServer({ port, host: opts.host ?? '127.0.0.1', data, corsOrigins, demoCardsPage: demoPage, log });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use: choose another with --port (with npm start: npm start -- --port 8181)`);
    if (code === 'EACCES') throw new UsageError(`port ${port} needs privileges: choose one above 1023 with --port`);
    throw asUsageError(e);
  }
  if (codes === undefined) emit({ url: server.url });
  else {
    const demo = {
      url: `${server.url}/?enrol=${codes.code}`,
      manager: `${server.url}/?enrol=${codes.managerCode}`,
      coordinator: `${server.url}/?enrol=${codes.coordinatorCode}`,
      cards: `${server.url}/demo/cards`,
    };
    emit(demo);
    // The JSON line above is for scripts; this is for the person who just typed `npm start`.
    process.stderr.write(
      [
        '',
        `Kaiku Desk demo is running (stop it with Ctrl+C).`,
        `  Desk:        ${demo.url}`,
        `  Manager:     ${demo.manager}`,
        `               open it in a private window or another browser (one device per browser),`,
        `               then Settings asks for a new PIN; behind it are the limits, events, report and statistics.`,
        `  Coordinator: ${demo.coordinator}`,
        `               the statistics of the demo locality (the demo venue), in a browser of its own.`,
        `  Demo cards:  ${demo.cards}`,
        `  Another port: npm start -- --port 8181`,
        '',
      ].join('\n') + '\n',
    );
  }

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (!opts.demo && !opts.quiet) process.stderr.write(JSON.stringify({ t: new Date().toISOString(), msg: 'stopping', inFlight: server.inFlight() }) + '\n');
  await server.close();
}
