// Text leaves compressed when the client can read it, and byte for byte the same once unpacked;
// clients that ask for nothing, and small bodies, get the plain bytes.

import { utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding } from '../../server/compression.ts';
import { type Harness, TODAY, harness, record } from './harness.ts';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function raw(url: string, headers: Record<string, string>, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { Connection: 'close', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const APP_JS = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word number ${i}`))};\n`;

describe('compressed answers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    writeFileSync(join(h.dataDir, 'dist', 'assets', 'app-Big123.js'), APP_JS);
  });
  afterAll(() => h.close());

  it('sends the app brotli-compressed to a browser, the same bytes once unpacked', async () => {
    const r = await raw(`${h.url}/assets/app-Big123.js`, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(APP_JS.length / 4);
    expect(brotliDecompressSync(r.body).toString()).toBe(APP_JS);
  });

  it('sends gzip to a client without brotli, and plain bytes to one that asks for nothing', async () => {
    const gz = await raw(`${h.url}/assets/app-Big123.js`, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(APP_JS);
    const plain = await raw(`${h.url}/assets/app-Big123.js`, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(APP_JS);
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(APP_JS));
  });

  it('answers HEAD with the headers GET would send, and no body', async () => {
    const get = await raw(`${h.url}/assets/app-Big123.js`, { 'Accept-Encoding': 'br' });
    const head = await raw(`${h.url}/assets/app-Big123.js`, { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.body.length).toBe(0);
  });

  it('serves a file changed on disk, not the compressed copy of the old one', async () => {
    const path = join(h.dataDir, 'dist', 'assets', 'app-Changing1.js');
    writeFileSync(path, APP_JS);
    await raw(`${h.url}/assets/app-Changing1.js`, { 'Accept-Encoding': 'br' });
    const changed = APP_JS.replace('word number 1"', 'a changed word"');
    writeFileSync(path, changed);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const r = await raw(`${h.url}/assets/app-Changing1.js`, { 'Accept-Encoding': 'br' });
    expect(brotliDecompressSync(r.body).toString()).toBe(changed);
  });

  it('leaves small files as they are', async () => {
    const r = await raw(`${h.url}/assets/index-AbC123.js`, { 'Accept-Encoding': 'br, gzip' });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.toString()).toBe('console.log(1);');
  });

  it('compresses a large API answer, and the desk reads the same records', async () => {
    const desk = await h.enrol('venue-a');
    const records = Array.from({ length: 60 }, (_, i) => record(desk, i + 1));
    const up = await h.call('POST', '/v1/redemptions', { token: desk.token, body: { records } });
    expect(up.status).toBe(200);
    const r = await raw(`${h.url}/v1/usage?since=${TODAY}`, { Authorization: `Bearer ${desk.token}`, 'Accept-Encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    const unpacked = JSON.parse(gunzipSync(r.body).toString());
    const plain = await (await h.call('GET', `/v1/usage?since=${TODAY}`, { token: desk.token })).json();
    expect(unpacked).toEqual(plain);
    expect(unpacked.records.length).toBe(60);
  });
});

describe('choosing the encoding', () => {
  it('follows Accept-Encoding and its q-values', () => {
    expect(pickEncoding({})).toBeNull();
    expect(pickEncoding({ 'accept-encoding': 'identity' })).toBeNull();
    expect(pickEncoding({ 'accept-encoding': 'gzip, deflate, br' })).toBe('br');
    expect(pickEncoding({ 'accept-encoding': 'br;q=0, gzip' })).toBe('gzip');
    expect(pickEncoding({ 'accept-encoding': 'br;q=0.5, gzip;q=0.9' })).toBe('gzip');
    expect(pickEncoding({ 'accept-encoding': '*' })).toBe('br');
    expect(pickEncoding({ 'accept-encoding': '*;q=0' })).toBeNull();
  });
});
